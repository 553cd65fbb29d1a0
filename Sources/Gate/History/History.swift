import Foundation
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

    /// Result sets of the commits `git rev-list` gives for `range` (default: the last 20 of HEAD),
    /// oldest first, looked up under `root` as `<commit12>` or `<commit12>-dirty`; commits
    /// without results are left out.
    /// Result files that could not be read are skipped and returned as problems.
    public static func resultSets(range: String?, root: URL) -> (sets: [ResultSet], problems: [String]) {
        let listing = Git.run(["rev-list", "--reverse"] + (range.map { [$0] } ?? ["-n", "20", "HEAD"])) ?? ""
        var sets: [ResultSet] = [], problems: [String] = []
        for commit in listing.split(separator: "\n") {
            let short = String(commit.prefix(12))
            for name in [short, short + "-dirty"] where FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path) {
                do throws(ResultError) {
                    let set = try ResultSet.load(directory: root.appendingPathComponent(name), label: name)
                    sets.append(set)
                    problems += set.unreadable
                } catch {
                    problems.append(error.description)
                }
                break
            }
        }
        return (sets, problems)
    }

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
                        let threshold = Threshold.resolve(row.metric, in: run.thresholds ?? [:])
                        let outcome = Comparator.compareMetric(workload: workload, metric: row.metric, base: previous, candidate: values,
                                                               threshold: threshold).outcome
                        if outcome == .regressed || outcome == .improved { point.step = outcome }
                    }
                    previousValues[key] = values
                    series[key, default: Series(workload: workload, metric: row.metric, unit: row.unit, points: [])].points.append(point)
                }
            }
        }
        return History(commits: sets.map(\.label), series: series.values.sorted { ($0.workload, $0.metric) < ($1.workload, $1.metric) })
    }

    /// The history page: one sparkline per metric over the commits, steps marked in red
    /// (regressed) or green (improved); metrics with steps first. Self-contained.
    public func renderHTML() -> String {
        var body = "<h1>kvbench history</h1><p class=\"muted\">\(commits.count) commits, oldest first: "
        body += commits.map { "<code>\(Markup.escape($0))</code>" }.joined(separator: " ") + "</p>"
        body += "<table class=\"metrics\"><thead><tr><th>workload</th><th>metric</th><th>over commits</th><th>steps</th></tr></thead><tbody>"
        func rank(_ entry: Series) -> Int { entry.points.contains { $0.step != nil } ? 0 : 1 }
        let ordered = series.sorted { (rank($0), $0.workload, $0.metric) < (rank($1), $1.workload, $1.metric) }
        for entry in ordered {
            let steps = entry.points.filter { $0.step != nil }.map { "\(Markup.escape($0.commit)) \($0.step!.rawValue)" }
            body += "<tr><td>\(Markup.escape(entry.workload))</td><td><code>\(Markup.escape(entry.metric))</code></td>"
            body += "<td>\(sparkline(entry))</td><td>\(steps.joined(separator: "<br>"))</td></tr>"
        }
        return Markup.page(title: "kvbench history", body: body + "</tbody></table>")
    }

    private func sparkline(_ entry: Series) -> String {
        let values = entry.points.map(\.median)
        guard let low = values.min(), let high = values.max() else { return "" }
        let span = max(high - low, abs(high) * 1e-9, 1e-12)
        let step = values.count > 1 ? 196.0 / Double(values.count - 1) : 0
        func point(_ index: Int) -> (Double, Double) { (2 + Double(index) * step, 26 - (values[index] - low) / span * 22) }
        let line = values.indices.map { index -> String in
            let (x, y) = point(index)
            return String(format: "%.1f,%.1f", x, y)
        }.joined(separator: " ")
        var svg = "<svg viewBox=\"0 0 200 30\" width=\"200\" height=\"30\"><polyline points=\"\(line)\" fill=\"none\" stroke=\"#1f77b4\"/>"
        for (index, p) in entry.points.enumerated() {
            let (x, y) = point(index)
            let color = p.step == .regressed ? "#d62728" : p.step == .improved ? "#2ca02c" : "#1f77b4"
            svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%@\" fill=\"%@\"><title>", x, y, p.step == nil ? "1.5" : "3.5", color)
            svg += "\(Markup.escape(p.commit)): \(ComparisonFormats.number(p.median))</title></circle>"
        }
        return svg + "</svg>"
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
