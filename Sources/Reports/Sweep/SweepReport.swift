import Foundation
import Results

/// The page of one swept workload (`<sweep>.sweep.html` beside the commit's `index.html`): each
/// headline metric its points reported, as medians against the matrix's first parameter, one
/// line per value of the other parameters; the engine's estimate and the allocator's figure of
/// the same memory share a chart. Given a base commit's points, its lines are drawn dashed on
/// the same axes. Self-contained: no script, no network.
public enum SweepReport {
    /// Metrics drawn on one chart; the headline metrics of `SuiteIndex`, memory pairs together.
    static let charts: [[String]] = {
        let pairs = [[Metrics.engineFreedByExpel.name(), Metrics.allocatorFreedByExpel.name()]]
        let paired = Set(pairs.joined())
        return pairs + SuiteIndex.headline.filter { !paired.contains($0) }.map { [$0] }
    }()

    public static func fileName(sweep: String) -> String { "\(sweep).sweep.html" }

    /// The matrix points of `runs`, by sweep name, in the matrix's order. A sweep name a
    /// workload could not have (a run.json from elsewhere may say anything) is left out: it
    /// names the page's file.
    public static func sweeps(in runs: [RunResult]) -> [String: [RunResult]] {
        let points = runs.filter { $0.workload.matrix != nil && $0.workload.sweep.map(SuiteIndex.isWorkloadName) == true }
            .sorted { ($0.workload.matrixIndex ?? .max, $0.workload.name) < ($1.workload.matrixIndex ?? .max, $1.workload.name) }
        return Dictionary(grouping: points) { $0.workload.sweep! }
    }

    /// The page of sweep `sweep` from its points in `candidate` (and `base`, when given).
    public static func render(sweep: String, candidate: [RunResult], base: [RunResult] = [], baseLabel: String? = nil) -> String {
        let grid = SweepGrid(candidate + base)
        var body = "<h1>\(Markup.escape(sweep)): sweep over \(Markup.escape(grid.parameters.joined(separator: " × ")))</h1>"
        if let meta = candidate.first?.metadata {
            body += "<p class=\"muted\">\(Markup.escape(meta.commit))\(meta.dirty ? " (dirty)" : ""), \(candidate.count) points"
            if !base.isEmpty { body += "; dashed: base \(Markup.escape(baseLabel ?? base.first?.metadata.commit ?? "")), \(base.count) points" }
            body += "</p>"
        }
        let versions = Set(candidate.map { "\($0.workload.sha256) \($0.workload.overrides ?? [])" })
        if versions.count > 1 {
            body += "<p class=\"badge bad\">The points were run from \(versions.count) different workload texts or --set values: "
                + "lines may join figures that are not comparable.</p>"
        }
        var drawn = 0
        for metrics in charts {
            guard let chart = chart(metrics, grid: grid, candidate: candidate, base: base) else { continue }
            body += chart
            drawn += 1
        }
        if drawn == 0 { body += "<p class=\"muted\">No point reported a headline metric.</p>" }
        body += pointTable(candidate, grid: grid)
        return Markup.page(title: "kvbench sweep \(sweep)", body: body)
    }

    /// One chart: for each metric of `metrics` and each combination of the other parameters, a
    /// line over the first parameter's values; nil when no point reported any of the metrics.
    static func chart(_ metrics: [String], grid: SweepGrid, candidate: [RunResult], base: [RunResult]) -> String? {
        let candidateRows = grid.medians(candidate)
        let baseRows = grid.medians(base)
        guard let unit = metrics.lazy.compactMap({ name in candidateRows.values.lazy.compactMap { $0[name]?.unit }.first }).first else { return nil }
        var series: [SVGSweepChart.Series] = []
        for (side, rows, dashed) in [("", candidateRows, false), ("base ", baseRows, true)] where !rows.isEmpty {
            for metric in metrics {
                for (index, rest) in grid.otherCombinations.enumerated() {
                    let values = grid.xValues.map { x in rows[grid.key(x: x, rest: rest)]?[metric]?.median }
                    guard values.contains(where: { $0 != nil }) else { continue }
                    var name = side + metric
                    if !rest.isEmpty { name += " · " + rest.joined(separator: ", ") }
                    let color = HTMLReport.palette[(metrics.firstIndex(of: metric)! * max(1, grid.otherCombinations.count) + index) % HTMLReport.palette.count]
                    series.append(.init(name: name, y: values, color: color, dashed: dashed))
                }
            }
        }
        guard !series.isEmpty else { return nil }
        let title = metrics.count == 1 ? metrics[0] : metrics.joined(separator: " and ")
        return SVGSweepChart(title: title, xLabel: grid.parameters[0], xValues: grid.xValues, yLabel: unit,
                             series: series, yFormat: { NumberText.human($0, unit: unit) }).render()
    }

    /// Every point with its status and a link to its report.
    static func pointTable(_ runs: [RunResult], grid: SweepGrid) -> String {
        var html = "<h2>Points</h2><table class=\"metrics\"><thead><tr>"
        html += grid.parameters.map { "<th>\(Markup.escape($0))</th>" }.joined() + "<th>repetitions</th><th>report</th></tr></thead><tbody>"
        for run in runs.sorted(by: { $0.workload.name < $1.workload.name }) {
            let values = SweepGrid.assignments(run)
            html += "<tr>" + grid.parameters.map { "<td>\(Markup.escape(values[$0] ?? ""))</td>" }.joined()
            html += "<td>\(Markup.escape(RunStatus(run).text))</td>"
            let name = Markup.escape(run.workload.name)
            html += SuiteIndex.isDirectoryName(run.workload.name) ? "<td><a href=\"./\(name)/report.html\">\(name)</a></td>" : "<td>\(name)</td>"
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }

    /// Writes the page of every sweep among `runs` into `directory` (the commit's), atomically.
    static func write(_ runs: [RunResult], in directory: URL) throws {
        for (sweep, points) in sweeps(in: runs) {
            try ResultStore.writeAtomically(Data(render(sweep: sweep, candidate: points).utf8),
                                            to: directory.appendingPathComponent(fileName(sweep: sweep)))
        }
    }
}

/// The parameters and values of a sweep's points, and their medians by point.
struct SweepGrid {
    /// In the matrix's order; the first is the x axis.
    let parameters: [String]
    /// The first parameter's values, numbers and sizes in increasing order, others as first seen.
    let xValues: [String]
    /// Each combination of the other parameters' values (`key_length=16`), as first seen.
    let otherCombinations: [[String]]

    init(_ runs: [RunResult]) {
        let points = runs.map(Self.ordered)
        parameters = points.first?.map(\.parameter) ?? []
        var xs: [String] = []
        var rests: [[String]] = []
        for point in points {
            if let x = point.first?.value, !xs.contains(x) { xs.append(x) }
            let rest = point.dropFirst().map { "\($0.parameter)=\($0.value)" }
            if !rests.contains(rest) { rests.append(rest) }
        }
        let numeric = xs.map { Quantity.size($0).map(Double.init) ?? Double($0) }
        xValues = numeric.allSatisfy({ $0 != nil }) ? zip(xs, numeric).sorted { $0.1! < $1.1! }.map(\.0) : xs
        otherCombinations = rests
    }

    func key(x: String, rest: [String]) -> String { ([x] + rest).joined(separator: "\u{1F}") }

    /// Each point's summary rows by metric, keyed like `key(x:rest:)`.
    func medians(_ runs: [RunResult]) -> [String: [String: (median: Double, unit: String)]] {
        var result: [String: [String: (median: Double, unit: String)]] = [:]
        for run in runs {
            let point = Self.ordered(run)
            guard let x = point.first?.value else { continue }
            let rows = SummaryRow.rows(for: run).map { ($0.metric, (median: $0.statistics.median, unit: $0.unit)) }
            result[key(x: x, rest: point.dropFirst().map { "\($0.parameter)=\($0.value)" })] = Dictionary(rows) { first, _ in first }
        }
        return result
    }

    static func ordered(_ run: RunResult) -> [(parameter: String, value: String)] {
        (run.workload.matrix ?? []).compactMap { assignment in
            assignment.firstIndex(of: "=").map { (String(assignment[..<$0]), String(assignment[assignment.index(after: $0)...])) }
        }
    }

    static func assignments(_ run: RunResult) -> [String: String] {
        Dictionary(ordered(run).map { ($0.parameter, $0.value) }) { first, _ in first }
    }
}
