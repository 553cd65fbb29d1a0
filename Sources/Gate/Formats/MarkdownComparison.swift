import Foundation
import Results

/// Markdown for a job summary or a pull-request comment: a PASS/FAIL line first, then problems,
/// then every metric that did not come out unchanged (gated first), unchanged ones counted per
/// workload. Stays under `limit` bytes (GitHub refuses comments over 64 KB), saying what it left
/// out. User text is escaped: no raw HTML reaches the page.
public struct MarkdownComparison: ComparisonFormat {
    public static let limit = 60_000

    public init() {}

    public func render(_ report: ComparisonReport) -> String {
        var text = "### kvbench \(report.verdict?.summary ?? "comparison"): \(escape(report.candidate)) vs \(escape(report.base))\n\n"
        text += "**\(escape(ComparisonFormats.verdict(report)))**\n\n"
        for note in ComparisonFormats.notes(report) { text += "> \(escape(note))\n" }
        if !ComparisonFormats.notes(report).isEmpty { text += "\n" }
        let shown = ComparisonFormats.ordered(report.comparisons).filter { $0.outcome != .unchanged }
        if !shown.isEmpty {
            text += "| outcome | workload | metric | base | candidate | change [95% CI] | p | why |\n|---|---|---|---:|---:|---:|---:|---|\n"
        }
        let footer = unchangedFooter(report)
        for (index, c) in shown.enumerated() {
            let row = "| \(icon(c)) | \(escape(c.workload)) | `\(escape(c.metric))` | \(ComparisonFormats.number(c.baseMedian)) | "
                + "\(ComparisonFormats.number(c.candidateMedian)) | \(ComparisonFormats.change(c)) | \(ComparisonFormats.pValue(c)) | \(escape(c.reason)) |\n"
            if text.utf8.count + row.utf8.count + footer.utf8.count + 200 > Self.limit {
                text += "\n_\(shown.count - index) more row(s) left out to stay under \(Self.limit / 1000) KB: `kvbench compare --format json` has them all._\n"
                break
            }
            text += row
        }
        return text + footer
    }

    private func unchangedFooter(_ report: ComparisonReport) -> String {
        let unchanged = Dictionary(grouping: report.comparisons.filter { $0.outcome == .unchanged }, by: \.workload)
        guard !unchanged.isEmpty else { return "\n" }
        let counts = unchanged.keys.sorted().map { "\(escape($0)) \(unchanged[$0]!.count)" }
        return "\nUnchanged (not listed): \(counts.joined(separator: ", ")).\n"
    }

    private func icon(_ c: MetricComparison) -> String {
        let icons: [Outcome: String] = [.regressed: "🔴", .improved: "🟢", .inconclusive: "🟡", .underpowered: "🟠", .changed: "🔵",
                                        .unchanged: "⚪"]
        return "\(icons[c.outcome]!) \(ComparisonFormats.outcome(c))"
    }

    /// Table-safe and HTML-safe: pipes and newlines would break the table, angle brackets and
    /// ampersands would reach the rendered page as markup.
    private func escape(_ text: String) -> String {
        Markup.escape(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
