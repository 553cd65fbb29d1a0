/// The terminal table: the verdict, what is wrong with the results, then every metric that did
/// not come out unchanged — gated first, with the reason for each gated one; unchanged metrics
/// are counted, not listed.
public struct TextComparison: ComparisonFormat {
    public init() {}

    public func render(_ report: ComparisonReport) -> String {
        var lines = [ComparisonFormats.verdict(report), "base: \(report.base)", "candidate: \(report.candidate)", ""]
        lines += ComparisonFormats.notes(report)
        let shown = ComparisonFormats.ordered(report.comparisons).filter { $0.outcome != .unchanged }
        if !shown.isEmpty {
            if !report.problems.isEmpty || !report.differences.isEmpty || !report.thresholdChanges.isEmpty { lines.append("") }
            let header = ["outcome", "workload", "metric", "base", "candidate", "change [95% CI]", "p"]
            let rows = shown.map { c in
                [ComparisonFormats.outcome(c).uppercased(), c.workload, c.metric, ComparisonFormats.number(c.baseMedian),
                 ComparisonFormats.number(c.candidateMedian), ComparisonFormats.change(c), ComparisonFormats.pValue(c)]
            }
            let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            for row in [header] + rows {
                lines.append(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
            }
            let gated = shown.filter(\.gated)
            if !gated.isEmpty { lines += ["", "why (gated metrics):"] + gated.map { "  \($0.workload) \($0.metric): \($0.reason)" } }
            let needs = shown.compactMap(\.requiredRepetitions).max()
            if let needs { lines.append("underpowered metrics need ≥ \(needs) repetitions per side to be decided") }
        }
        lines.append(ComparisonFormats.verdict(report))
        return lines.joined(separator: "\n") + "\n"
    }
}
