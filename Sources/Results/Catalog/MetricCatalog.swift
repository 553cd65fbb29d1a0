/// The metric definitions, one static property each (`Metrics.checkpointMemoryAt`), grouped by
/// family in `Metrics+<Family>.swift`. The only place a metric name is spelled.
public enum Metrics {}

/// Every metric kvbench reports, and the lookups consumers use: a stored name back to its
/// definition (unit, direction, kind), and the documentation table. Stateless; any thread.
public enum MetricCatalog {
    public static let all: [MetricDefinition] = Metrics.checkpointFamily + Metrics.memoryFamily + Metrics.engineFamily
        + Metrics.backfillFamily + Metrics.operationsFamily + Metrics.phaseFamily + Metrics.instrumentationFamily

    private static let literal: [String: MetricDefinition] = Dictionary(
        all.filter(\.isLiteral).map { ($0.pattern, $0) }, uniquingKeysWith: { first, _ in first })
    private static let patterns = all.filter { !$0.isLiteral }.sorted { $0.specificity > $1.specificity }

    /// The definition `name` is an instance of: an exact name first, then the pattern with the
    /// most literal segments. Nil for a name kvbench does not produce (e.g. from a newer version).
    public static func definition(of name: String) -> MetricDefinition? {
        literal[name] ?? patterns.first { $0.matches(name) }
    }

    /// Whether a metric made from `definition` with `parts` would carry another metric's name
    /// (a snapshot labelled `freed_by_expel` would shadow `checkpoint.memory.freed_by_expel`).
    public static func collides(_ definition: MetricDefinition, _ parts: String...) -> MetricDefinition? {
        let name = definition.name(parts)
        return literal[name].flatMap { $0 == definition ? nil : $0 }
    }

    /// The metric table of results/README.md, generated here so the two cannot drift apart.
    public static func markdownTable() -> String {
        var lines = ["| metric | unit | better | kind | gates | recorded | meaning |", "|---|---|---|---|---|---|---|"]
        for definition in all {
            let better = definition.direction.rawValue
            var meaning = definition.summary
            if let why = definition.neitherBecause { meaning += " — no direction: \(why)" }
            if let why = definition.advisoryBecause { meaning += " — advisory: \(why)" }
            let gates = definition.recording.inSummary ? (definition.gatedByDefault ? "yes" : "advisory") : "—"
            let recorded: String
            switch definition.recording {
            case .summary: recorded = "summary"
            case .series: recorded = "time series"
            case .both: recorded = "summary, time series"
            }
            lines.append("| `\(definition.pattern)` | \(definition.unit.rawValue) | \(better) | \(definition.kind.rawValue) | \(gates) | \(recorded) | "
                         + meaning.replacingOccurrences(of: "|", with: "\\|") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
