import Foundation

/// Markdown for a job summary or a pull-request comment: a verdict line and a table.
public struct MarkdownComparison: ComparisonFormat {
    public init() {}

    public func render(_ report: ComparisonReport) -> String {
        var text = "### kvbench: \(escape(report.candidate)) vs \(escape(report.base))\n\n"
        text += "**\(ComparisonFormats.verdict(report))**\n\n"
        text += "| outcome | workload | metric | base | candidate | change [95% CI] | p | why |\n"
        text += "|---|---|---|---:|---:|---:|---:|---|\n"
        let icons: [Outcome: String] = [.regressed: "🔴 regressed", .improved: "🟢 improved", .inconclusive: "🟡 inconclusive", .changed: "🔵 changed", .unchanged: "⚪ unchanged"]
        for c in ComparisonFormats.ordered(report.comparisons) {
            text += "| \(icons[c.outcome]!) | \(escape(c.workload)) | `\(c.metric)` | \(ComparisonFormats.number(c.baseMedian)) | "
            text += "\(ComparisonFormats.number(c.candidateMedian)) | \(ComparisonFormats.change(c)) | "
            text += "\(ComparisonFormats.pValue(c)) | \(escape(c.reason)) |\n"
        }
        for name in report.unmatched { text += "\n> workload `\(escape(name))` is on one side only" }
        for name in report.failedRuns { text += "\n> `\(escape(name))` has failed repetitions" }
        return text + "\n"
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
