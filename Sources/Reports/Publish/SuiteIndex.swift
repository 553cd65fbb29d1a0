import Results

/// `index.html` of one commit's results: every workload the last `kvbench run` wrote there,
/// with its status, a few headline figures and a link to its report. Self-contained.
public enum SuiteIndex {
    static let headline = [Metrics.engineFreedByExpel.name(), Metrics.allocatorFreedByExpel.name(), Metrics.quotaConvergeSeconds.name(),
                           Metrics.backfillByteRate.name(), Metrics.rawScanRatio.name(), Metrics.operationThroughput.name("set"),
                           Metrics.latencyP99.name("set"),
                           Metrics.checkpointPeakMemory.name(), Metrics.recoveryItemsExpelled.name(), Metrics.recoveryCheckpointsRemoved.name(),
                           Metrics.recoveryCursorsDropped.name()]

    /// The page for `runs`, listing `unreadable` result files apart. A workload links to its
    /// report only by a name kvbench could have written (a run.json from elsewhere, merged in,
    /// may carry any name: it is shown, not linked), and only by a relative path.
    public static func render(_ runs: [RunResult], unreadable: [String] = []) -> String {
        let sorted = runs.sorted { $0.workload.name < $1.workload.name }
        var body = "<h1>kvbench results</h1>"
        if let meta = sorted.first?.metadata {
            body += "<p class=\"muted\">\(Markup.escape(meta.commit))\(meta.dirty ? " (dirty)" : "") on \(Markup.escape(meta.branch)), "
            body += "\(Markup.escape(meta.timestamp)), \(Markup.escape(meta.host.hostname)), allocator \(Markup.escape(meta.allocator.kind))</p>"
        }
        for problem in unreadable { body += "<p class=\"badge bad\">unreadable, not listed: \(Markup.escape(problem))</p>" }
        let sweeps = SweepReport.sweeps(in: runs).keys.sorted()
        if !sweeps.isEmpty {
            body += "<p>Sweeps: " + sweeps.map { sweep in
                "<a href=\"./\(Markup.escape(SweepReport.fileName(sweep: sweep)))\">\(Markup.escape(sweep))</a>"
            }.joined(separator: ", ") + "</p>"
        }
        body += "<table class=\"metrics\"><thead><tr><th>workload</th><th>repetitions</th><th>headline (medians)</th></tr></thead><tbody>"
        for run in sorted {
            let status = RunStatus(run)
            let badge = "<span class=\"badge \(status.complete ? "ok" : "bad")\">\(Markup.escape(status.text))</span>"
            let rows = SummaryRow.rows(for: run).filter { headline.contains($0.metric) }
            let figures = rows.map { "<code>\(Markup.escape($0.metric))</code> \(Markup.escape(NumberText.human($0.statistics.median, unit: $0.unit)))" }
            let name = Markup.escape(run.workload.name)
            let link = isDirectoryName(run.workload.name) ? "<a href=\"./\(name)/report.html\">\(name)</a>" : name
            body += "<tr><td>\(link)</td><td>\(badge)</td><td>\(figures.joined(separator: "<br>"))</td></tr>"
        }
        body += "</tbody></table>"
        return Markup.page(title: "kvbench results", body: body)
    }

    /// A workload file's `name:` as `validate` accepts it (a sweep's name, say).
    static func isWorkloadName(_ name: String) -> Bool {
        isDirectoryName(name) && name.allSatisfy { !"@=+".contains($0) }
    }

    /// A workload name as `validate` accepts it: ASCII letters, digits, `-`, `_`, `.`, starting
    /// with a letter or digit; a matrix point's adds `@`, `=` and `+` (`<name>@<parameter>=<value>+…`).
    static func isDirectoryName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first.isNumber, name.utf8.count <= 255 else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.@=+".contains($0)) }
    }
}
