import Results

/// github-action-benchmark's custom tools: a JSON array of `{name, unit, value, range, extra}`,
/// one file per direction (`customBiggerIsBetter` reads higher-is-better figures,
/// `customSmallerIsBetter` lower-is-better ones). Metrics without a better direction fit neither
/// tool and are left out. `range` is the half-width of the median's interval as the action shows
/// it (`± 12.5`), `extra` the interval itself and the repetitions behind it.
public struct GitHubActionBenchmark: InterchangeFormat {
    public let direction: Direction

    public init(direction: Direction) { self.direction = direction }

    /// The action's `tool` input for this file.
    public var tool: String { direction == .higherIsBetter ? "customBiggerIsBetter" : "customSmallerIsBetter" }

    public func render(_ rows: [ExportRow]) -> String {
        let entries = rows.filter { $0.direction == direction }.map { row in
            let halfWidth = Swift.max(row.upper - row.median, row.median - row.lower)
            let extra = "median of \(row.repetitions) repetitions; \(Int((row.coverage * 100).rounded(.down)))% interval "
                + "[\(InterchangeFormats.number(row.lower)), \(InterchangeFormats.number(row.upper))]; \(row.commit.prefix(12)) on \(row.machine)"
            return "  {\"name\": \(JSONText.string(row.benchmark)), \"unit\": \(JSONText.string(row.unit)), "
                + "\"value\": \(InterchangeFormats.number(row.median)), \"range\": \(JSONText.string("± " + InterchangeFormats.number(halfWidth))), "
                + "\"extra\": \(JSONText.string(extra))}"
        }
        return entries.isEmpty ? "[]\n" : "[\n" + entries.joined(separator: ",\n") + "\n]\n"
    }
}
