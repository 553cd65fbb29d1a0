import Foundation
import Results

/// One series of the dashboard as an inline SVG chart over every commit of the history: value
/// axis with ticks in the metric's unit, commit axis with abbreviated commits, a band from the
/// lowest to the highest repetition of each commit, the median line (dashed across commits
/// without results, which are ticked under the axis), each change's commit range shaded and
/// labelled, and every point a link to its commit's report. Integer coordinates in a 1000-wide
/// view box keep a chart of hundreds of commits small.
struct DashboardChart {
    let history: History
    let series: HistorySeries
    let changes: [DetectedChange]
    /// Each result set's report, as an escaped link from the page (`History.sets` order).
    let links: [String]

    static let width = 1000, height = 250
    static let left = 84, right = 12, top = 22, bottom = 44
    static var plotWidth: Int { width - left - right }
    static var plotHeight: Int { height - top - bottom }

    func render() -> String {
        let scale = ChartScale(covering: series.points.flatMap { [$0.min, $0.max, $0.median] }, unit: series.unit)
        let count = history.sequence.commits.count
        func x(_ position: Int) -> Int {
            Self.left + (count > 1 ? position * Self.plotWidth / (count - 1) : Self.plotWidth / 2)
        }
        func y(_ value: Double) -> Int { Self.top + Self.plotHeight - Int((scale.fraction(value) * Double(Self.plotHeight)).rounded()) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.width) \(Self.height)\" role=\"img\" "
            + "aria-label=\"\(Markup.escape(series.label)) over \(count) commits\">"
        svg += axes(scale, x: x, y: y)
        for change in changes { svg += shade(change, x: x) }
        svg += bandsAndLines(x: x, y: y)
        svg += points(x: x, y: y)
        return svg + "</svg>"
    }

    /// Grid, tick labels in the unit, axis titles, and ticks under commits without results.
    private func axes(_ scale: ChartScale, x: (Int) -> Int, y: (Double) -> Int) -> String {
        var svg = ""
        let unit = series.unit
        for tick in scale.ticks {
            svg += "<line class=\"grid\" x1=\"\(Self.left)\" x2=\"\(Self.width - Self.right)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\"/>"
            svg += "<text class=\"axis\" x=\"\(Self.left - 6)\" y=\"\(y(tick) + 4)\" text-anchor=\"end\">\(Markup.escape(NumberText.human(tick, unit: unit)))</text>"
        }
        let baseline = Self.top + Self.plotHeight
        svg += "<line class=\"axis-line\" x1=\"\(Self.left)\" x2=\"\(Self.left)\" y1=\"\(Self.top)\" y2=\"\(baseline)\"/>"
        svg += "<line class=\"axis-line\" x1=\"\(Self.left)\" x2=\"\(Self.width - Self.right)\" y1=\"\(baseline)\" y2=\"\(baseline)\"/>"
        svg += "<text class=\"axis-title\" transform=\"translate(14 \(Self.top + Self.plotHeight / 2)) rotate(-90)\" text-anchor=\"middle\">"
            + "\(Markup.escape(unit))</text>"
        let commits = history.sequence.commits
        let labelled = Set(stride(from: 0, to: commits.count, by: max(1, commits.count / 6)).map { $0 } + [commits.count - 1])
        for position in labelled.sorted() {
            svg += "<text class=\"axis\" x=\"\(x(position))\" y=\"\(baseline + 16)\" text-anchor=\"middle\">\(commits[position].prefix(7))</text>"
        }
        svg += "<text class=\"axis-title\" x=\"\(Self.left + Self.plotWidth / 2)\" y=\"\(Self.height - 6)\" text-anchor=\"middle\">"
            + "commit, oldest to newest (\(commits.count) commits)</text>"
        let tested = Set(series.points.map(\.position))
        let untested = commits.indices.filter { !tested.contains($0) }
        if !untested.isEmpty {
            svg += "<path class=\"untested\" d=\"" + untested.map { "M\(x($0)) \(baseline + 1)v5" }.joined() + "\"><title>"
                + "\(untested.count) commit(s) without results</title></path>"
        }
        return svg
    }

    /// A change's range shaded, with its size written above it.
    private func shade(_ change: DetectedChange, x: (Int) -> Int) -> String {
        let from = x(change.before), to = x(change.last)
        let label = (change.relative.map { String(format: "%+.1f%%", $0 * 100) } ?? "changed") + " " + change.kind.rawValue
        let title = "\(change.outcome.rawValue) \(label) in \(change.range(in: history.sequence.commits)), "
            + String(format: "confidence %.1f%%", change.confidence * 100)
            + (change.untested.isEmpty ? "" : ", \(change.untested.count) commit(s) without results")
        return "<rect class=\"change \(change.outcome.rawValue)\" x=\"\(from)\" y=\"\(Self.top)\" width=\"\(max(to - from, 2))\" height=\"\(Self.plotHeight)\">"
            + "<title>\(Markup.escape(title))</title></rect>"
            // Beside the range, or inside it at the right edge, where there is no room beside it.
            + "<text class=\"change-label\" x=\"\(to > Self.width - 120 ? to - 3 : to + 3)\" y=\"\(Self.top + 12)\" "
            + "text-anchor=\"\(to > Self.width - 120 ? "end" : "start")\">\(Markup.escape(label))</text>"
    }

    /// The spread band and median line over each run of consecutive commits with results, and a
    /// dashed line across each gap.
    private func bandsAndLines(x: (Int) -> Int, y: (Double) -> Int) -> String {
        var svg = ""
        var runs: [[HistoryPoint]] = []
        for point in series.points {
            if let last = runs.last?.last, last.position + 1 == point.position { runs[runs.count - 1].append(point) } else { runs.append([point]) }
        }
        for (offset, run) in runs.enumerated() {
            if run.count == 1 {
                let point = run[0]
                svg += "<line class=\"spread\" x1=\"\(x(point.position))\" x2=\"\(x(point.position))\" y1=\"\(y(point.min))\" y2=\"\(y(point.max))\"/>"
            } else {
                let upper = run.map { "\(x($0.position)),\(y($0.max))" }, lower = run.reversed().map { "\(x($0.position)),\(y($0.min))" }
                svg += "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\"/>"
                svg += "<polyline class=\"median\" points=\"\(run.map { "\(x($0.position)),\(y($0.median))" }.joined(separator: " "))\"/>"
            }
            if offset > 0, let previous = runs[offset - 1].last {
                svg += "<line class=\"gap\" x1=\"\(x(previous.position))\" y1=\"\(y(previous.median))\" x2=\"\(x(run[0].position))\" y2=\"\(y(run[0].median))\"/>"
            }
        }
        return svg
    }

    /// Each commit's median as a link to its report.
    private func points(x: (Int) -> Int, y: (Double) -> Int) -> String {
        var svg = ""
        let unit = series.unit
        // The spread is the band; the tooltip names the commit and its median.
        for point in series.points {
            let tip = "\(history.short(point.position)) \(NumberText.human(point.median, unit: unit))"
            svg += "<a href=\"\(links[point.set])\"><circle cx=\"\(x(point.position))\" cy=\"\(y(point.median))\">"
                + "<title>\(Markup.escape(tip))</title></circle></a>"
        }
        return svg
    }
}
