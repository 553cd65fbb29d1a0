import Results

/// Metrics over commits, with steps marked where a commit changed a metric beyond its threshold
/// with significance (the same test as `compare`, applied to each consecutive pair of commits).
public struct History: Sendable {
    public struct Point: Sendable {
        public var commit: String
        public var median: Double
        /// Set when this commit moved the metric against the previous one.
        public var step: Outcome?
    }

    public struct Series: Sendable {
        public var workload: String
        public var metric: String
        public var unit: String
        public var points: [Point]
    }

    public var commits: [String]
    public var series: [Series]

    /// `sets` in commit order, oldest first.
    public static func build(_ sets: [ResultSet], metricPrefix: String? = nil) -> History {
        var series: [String: Series] = [:]
        var previousValues: [String: [Double]] = [:]
        for set in sets {
            for (workload, run) in set.runs.sorted(by: { $0.key < $1.key }) {
                for row in SummaryRow.rows(for: run) where metricPrefix.map({ row.metric.hasPrefix($0) }) ?? true {
                    let key = "\(workload)\u{0}\(row.metric)"
                    let values = run.measured.compactMap { $0.metric(row.metric)?.value }
                    var point = Point(commit: set.label, median: row.statistics.median, step: nil)
                    if let previous = previousValues[key] {
                        let threshold = Threshold.resolve(row.metric, unit: row.unit, in: run.thresholds ?? [:])
                        let outcome = Comparator.compareMetric(workload: workload, metric: row.metric, unit: row.unit, direction: row.direction,
                                                               base: previous, candidate: values, threshold: threshold).outcome
                        if outcome == .regressed || outcome == .improved { point.step = outcome }
                    }
                    previousValues[key] = values
                    series[key, default: Series(workload: workload, metric: row.metric, unit: row.unit, points: [])].points.append(point)
                }
            }
        }
        return History(commits: sets.map(\.label), series: series.values.sorted { ($0.workload, $0.metric) < ($1.workload, $1.metric) })
    }

    /// One line per metric that has a step; then a count of the quiet ones.
    public func renderText() -> String {
        var lines = ["commits (oldest first): \(commits.joined(separator: " "))", ""]
        let stepped = series.filter { $0.points.contains { $0.step != nil } }
        for entry in stepped {
            let steps = entry.points.filter { $0.step != nil }.map { "\($0.commit) \($0.step!.rawValue)" }
            let values = entry.points.map { ComparisonFormats.number($0.median) }.joined(separator: " → ")
            lines.append("\(entry.workload) \(entry.metric) [\(entry.unit)]: \(values)")
            lines.append("    steps: \(steps.joined(separator: ", "))")
        }
        lines.append("\(stepped.count) metric(s) with steps, \(series.count - stepped.count) without")
        return lines.joined(separator: "\n") + "\n"
    }
}
