import Results

/// `index.html` of one commit's results: every workload the last `kvbench run` wrote there,
/// with its status, a few headline figures and a link to its report. Self-contained.
public enum SuiteIndex {
    static let headline = [Metrics.engineFreedByExpel.name(), Metrics.allocatorFreedByExpel.name(), Metrics.quotaConvergeSeconds.name(),
                           Metrics.backfillByteRate.name(), Metrics.rawScanRatio.name(), Metrics.operationThroughput.name("set"),
                           Metrics.latencyP99.name("set")]

    public static func render(_ runs: [RunResult]) -> String {
        let sorted = runs.sorted { $0.workload.name < $1.workload.name }
        var body = "<h1>kvbench results</h1>"
        if let meta = sorted.first?.metadata {
            body += "<p class=\"muted\">\(Markup.escape(meta.commit))\(meta.dirty ? " (dirty)" : "") on \(Markup.escape(meta.branch)), "
            body += "\(Markup.escape(meta.timestamp)), \(Markup.escape(meta.host.hostname)), allocator \(Markup.escape(meta.allocator.kind))</p>"
        }
        body += "<table class=\"metrics\"><thead><tr><th>workload</th><th>repetitions</th><th>headline (medians)</th></tr></thead><tbody>"
        for run in sorted {
            let failed = run.repetitions.filter { $0.status == .failed }.count
            let status = failed == 0 ? "<span class=\"badge ok\">\(run.measured.count) ok</span>"
                : "<span class=\"badge bad\">\(failed) failed</span>"
            let rows = SummaryRow.rows(for: run).filter { headline.contains($0.metric) }
            let figures = rows.map { "<code>\(Markup.escape($0.metric))</code> \(Markup.escape(NumberText.human($0.statistics.median, unit: $0.unit)))" }
            let name = Markup.escape(run.workload.name)
            body += "<tr><td><a href=\"\(name)/report.html\">\(name)</a></td><td>\(status)</td><td>\(figures.joined(separator: "<br>"))</td></tr>"
        }
        body += "</tbody></table>"
        return Markup.page(title: "kvbench results", body: body)
    }
}
