/// The terminal table: regressions first; unchanged metrics are counted, not listed.
public struct TextComparison: ComparisonFormat {
    public init() {}

    public func render(_ report: ComparisonReport) -> String {
        var lines = ["base: \(report.base)", "candidate: \(report.candidate)", ""]
        let shown = ComparisonFormats.ordered(report.comparisons).filter { $0.outcome != .unchanged }
        if !shown.isEmpty {
            let header = ["outcome", "workload", "metric", "base", "candidate", "change [95% CI]", "p"]
            let rows = shown.map { c in
                [c.outcome.rawValue.uppercased(), c.workload, c.metric, ComparisonFormats.number(c.baseMedian),
                 ComparisonFormats.number(c.candidateMedian), ComparisonFormats.change(c), ComparisonFormats.pValue(c)]
            }
            let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            for row in [header] + rows {
                lines.append(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
            }
            lines.append("")
        }
        for name in report.unmatched { lines.append("note: workload \(name) is on one side only") }
        for name in report.failedRuns { lines.append("note: \(name) has failed repetitions") }
        lines.append(ComparisonFormats.verdict(report))
        return lines.joined(separator: "\n") + "\n"
    }
}
