import Foundation
import Results

/// The comparison page (`--format html`): a verdict, then per metric base and candidate
/// spread drawn as min–max bars with the median marked, the ratio with its interval and the
/// outcome badge; regressions first, larger effects first. One self-contained file.
public struct HTMLComparison: ComparisonFormat {
    public init() {}

    public func render(_ report: ComparisonReport) -> String {
        var body = "<h1>\(Markup.escape(report.candidate)) vs \(Markup.escape(report.base))</h1>"
        body += "<p><strong>\(Markup.escape(ComparisonFormats.verdict(report)))</strong></p>"
        let notes = ComparisonFormats.notes(report)
        if !notes.isEmpty { body += "<div class=\"notice\"><ul>" + notes.map { "<li>\(Markup.escape($0))</li>" }.joined() + "</ul></div>" }
        body += "<table class=\"metrics\"><thead><tr><th>outcome</th><th>workload</th><th>metric</th><th>spread (base above, candidate below)</th>"
        body += "<th>change [95% CI]</th><th>p</th><th>why</th></tr></thead><tbody>"
        let badge: [Outcome: String] = [.regressed: "bad", .improved: "ok", .inconclusive: "warn", .underpowered: "warn", .changed: "info",
                                        .unchanged: "info"]
        for c in ComparisonFormats.ordered(report.comparisons) {
            body += "<tr><td><span class=\"badge \(c.gated ? badge[c.outcome]! : "info")\">\(Markup.escape(ComparisonFormats.outcome(c)))</span></td>"
            body += "<td>\(Markup.escape(c.workload))</td><td><code>\(Markup.escape(c.metric))</code></td>"
            body += "<td>\(spread(c))</td><td class=\"num\">\(Markup.escape(ComparisonFormats.change(c)))</td>"
            body += "<td class=\"num\">\(ComparisonFormats.pValue(c))</td><td class=\"muted\">\(Markup.escape(c.reason))</td></tr>"
        }
        body += "</tbody></table>"
        return Markup.page(title: "kvbench comparison", body: body)
    }

    /// Two bars on a shared scale: [min, max] with the median as a tick.
    private func spread(_ c: MetricComparison) -> String {
        let values = [c.baseMin, c.baseMax, c.candidateMin, c.candidateMax, c.baseMedian, c.candidateMedian]
        let low = values.min() ?? 0, high = values.max() ?? 1
        let span = max(high - low, abs(high) * 1e-9, 1e-12)
        func x(_ value: Double) -> Double { 4 + (value - low) / span * 152 }
        func bar(_ y: Int, _ minimum: Double, _ maximum: Double, _ median: Double, _ color: String) -> String {
            String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%@\" stroke-width=\"4\"/>", x(minimum), max(x(maximum), x(minimum) + 1), y, y, color)
                + String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#000\" stroke-width=\"2\"/>", x(median), x(median), y - 5, y + 5)
        }
        return "<svg viewBox=\"0 0 160 24\" width=\"160\" height=\"24\">" + bar(7, c.baseMin, c.baseMax, c.baseMedian, "#9ab")
            + bar(17, c.candidateMin, c.candidateMax, c.candidateMedian, "#d62728") + "</svg>"
    }
}
