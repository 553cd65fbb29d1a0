import Foundation
import Results

/// The history dashboard of a branch: one self-contained page (inline CSS and SVG, no script, no
/// network) with the history's summary, a table of its changes, and a chart per series
/// (`DashboardChart`) that can be filtered by workload, by metric and to the series that changed.
/// The filters are radio buttons whose `:checked` state hides the other charts through CSS
/// sibling selectors, so they work offline and without JavaScript; charts off screen are not
/// laid out (`content-visibility`), which keeps a page of hundreds of charts quick to open.
extension History {
    /// `linkPrefix` leads from the page's directory to the results root (`../` when the page
    /// sits in `<root>/dashboards/`), so that each point links to `<commit dir>/<workload>/report.html`.
    public func renderDashboard(linkPrefix: String) -> String {
        let workloads = Array(Set(series.map(\.workload))).sorted()
        let metrics = Array(Set(series.map(\.metric))).sorted()
        let workloadIndex = Dictionary(uniqueKeysWithValues: workloads.enumerated().map { ($1, $0) })
        let metricIndex = Dictionary(uniqueKeysWithValues: metrics.enumerated().map { ($1, $0) })
        var body = "<h1>kvbench history: \(Markup.escape(sequence.branch))</h1><p class=\"muted\">\(Markup.escape(summary))</p>"
        body += "<p class=\"muted\">hosts: " + hosts.sorted { $0.key < $1.key }.map { "<code>\($0.key)</code> \(Markup.escape($0.value))" }
            .joined(separator: "; ") + "</p>"
        body += changeTable()
        body += "<h2 id=\"charts\">Charts</h2>"
        // The radio buttons come first: each filter's CSS rule reaches the charts as a later sibling.
        body += radios("w", count: workloads.count) + radios("m", count: metrics.count) + radios("c", count: 1)
        body += "<nav class=\"filters\">" + filterGroup("Workload", key: "w", names: workloads)
            + filterGroup("Metric", key: "m", names: metrics) + filterGroup("Series", key: "c", names: ["with a change"]) + "</nav><main>"
        let changed = Dictionary(grouping: changes, by: \.series)
        let links = sets.map { Markup.escape(linkPrefix + $0.directory) + "/report.html" }
        body += Parallel.map(series.indices) { offset in
            let entry = series[offset]
            let classes = "chart w\(workloadIndex[entry.workload]!) m\(metricIndex[entry.metric]!)" + (changed[offset] == nil ? "" : " c0")
            return "<section class=\"\(classes)\" id=\"s\(offset)\"><h3>\(Markup.escape(entry.label)) <span class=\"muted\">"
                + "[\(Markup.escape(entry.unit)), \(entry.direction == .neither ? "no better direction" : "\(entry.direction.rawValue) is better")"
                + "\(hosts.count > 1 ? ", host \(entry.host)" : "")]</span></h3>"
                + DashboardChart(history: self, series: entry, changes: changed[offset] ?? [], links: links).render() + "</section>"
        }.joined()
        body += "</main>"
        return Markup.page(title: "kvbench history: \(sequence.branch)", body: body,
                           style: Self.dashboardStyle + filterStyle(workloads: workloads.count, metrics: metrics.count))
    }

    /// Every change, newest first, linking to its chart.
    private func changeTable() -> String {
        guard !changes.isEmpty else { return "<h2>Changes</h2><p>No change of level in any series.</p>" }
        var html = "<h2>Changes</h2><table class=\"metrics\"><thead><tr><th>series</th><th>change</th><th>commits</th><th>confidence</th></tr></thead><tbody>"
        for change in changes.sorted(by: { ($0.last, $0.series) > ($1.last, $1.series) }) {
            let entry = series[change.series]
            let size = change.relative.map { String(format: "%+.2f%%", $0 * 100) } ?? "from 0"
            let badge = change.outcome == .regressed ? "bad" : change.outcome == .improved ? "ok" : "info"
            var commits = "\(change.kind.rawValue) \(change.range(in: sequence.commits))"
            if !change.untested.isEmpty { commits += " (\(change.untested.count) without results)" }
            html += "<tr><td><a href=\"#s\(change.series)\">\(Markup.escape(entry.label))</a></td>"
                + "<td><span class=\"badge \(badge)\">\(change.outcome.rawValue)</span> \(size)"
                + "\(change.beyondThreshold ? "" : " <span class=\"muted\">(within threshold)</span>")</td>"
                + "<td><code>\(Markup.escape(commits))</code></td><td class=\"num\">\(String(format: "%.1f%%", change.confidence * 100))</td></tr>"
        }
        return html + "</tbody></table>"
    }

    /// `all` plus one radio per choice (`key0`, `key1`, …), hidden: their labels are the buttons.
    private func radios(_ key: String, count: Int) -> String {
        "<input type=\"radio\" class=\"filter\" name=\"\(key)\" id=\"\(key)-all\" checked>"
            + (0..<count).map { "<input type=\"radio\" class=\"filter\" name=\"\(key)\" id=\"\(key)\($0)\">" }.joined()
    }

    private func filterGroup(_ title: String, key: String, names: [String]) -> String {
        "<fieldset><legend>\(title)</legend><label for=\"\(key)-all\">all</label>"
            + names.enumerated().map { "<label for=\"\(key)\($0)\">\(Markup.escape($1))</label>" }.joined() + "</fieldset>"
    }

    /// One rule per choice: while it is checked, charts without its class are hidden, and its label shows it is chosen.
    private func filterStyle(workloads: Int, metrics: Int) -> String {
        var css = ""
        for (key, count) in [("w", workloads), ("m", metrics), ("c", 1)] {
            css += "#\(key)-all:checked~nav label[for=\(key)-all]{background:#1f4e79;color:#fff}"
            for index in 0..<count {
                css += "#\(key)\(index):checked~main .chart:not(.\(key)\(index)){display:none}"
                css += "#\(key)\(index):checked~nav label[for=\(key)\(index)]{background:#1f4e79;color:#fff}"
            }
        }
        return css
    }

    static let dashboardStyle = """
    body{max-width:1200px}input.filter{position:absolute;opacity:0;pointer-events:none}
    nav.filters fieldset{border:1px solid #ddd;margin:.4rem 0;max-height:9rem;overflow:auto}
    nav.filters label{display:inline-block;margin:.15rem;padding:.1rem .5rem;border:1px solid #ccc;border-radius:.8rem;cursor:pointer;font-size:12px}
    .chart{content-visibility:auto;contain-intrinsic-size:auto 300px}.chart h3{font-size:14px;margin:1.2rem 0 .2rem}
    .axis-line{stroke:#888}.axis-title{font-size:12px;fill:#333}.band{fill:#1f77b4;fill-opacity:.18;stroke:none}
    .spread{stroke:#1f77b4;stroke-opacity:.35;stroke-width:3}.median{fill:none;stroke:#1f77b4;stroke-width:1.5}
    .gap{stroke:#1f77b4;stroke-dasharray:3 3;stroke-opacity:.6}.untested{stroke:#c62828}circle{fill:#1f77b4;r:3px}
    .change{fill-opacity:.14;stroke-opacity:.5}.change.regressed{fill:#d62728;stroke:#d62728}.change.improved{fill:#2ca02c;stroke:#2ca02c}
    .change.changed{fill:#9467bd;stroke:#9467bd}.change-label{font-size:11px;fill:#333}
    """
}

/// Where a dashboard goes and how its links reach the results.
public enum DashboardLocation {
    /// `<root>/dashboards/<branch>.html`, the branch's `/` and other unsafe characters as `-`.
    public static func defaultPage(root: URL, branch: String) -> URL {
        let name = String(branch.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
        return root.appendingPathComponent("dashboards").appendingPathComponent((name.isEmpty ? "branch" : name) + ".html")
    }

    /// The relative path from the directory of `page` to `root` (`../`, `../../results/`, or
    /// empty when the page sits in the root), both taken as absolute paths with links resolved.
    public static func linkPrefix(page: URL, root: URL) -> String {
        let from = page.deletingLastPathComponent().standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let to = root.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        var shared = 0
        while shared < min(from.count, to.count), from[shared] == to[shared] { shared += 1 }
        let path = Array(repeating: "..", count: from.count - shared) + to[shared...]
        return path.isEmpty ? "" : path.joined(separator: "/") + "/"
    }
}
