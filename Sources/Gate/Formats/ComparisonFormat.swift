import Foundation
import Results

/// One output format of a comparison (one file per format behind this protocol, as for reports).
public protocol ComparisonFormat: Sendable {
    func render(_ report: ComparisonReport) -> String
}

public enum ComparisonFormats {
    public static func named(_ name: String) -> (any ComparisonFormat)? {
        switch name {
        case "text": TextComparison()
        case "markdown": MarkdownComparison()
        case "json": JSONComparison()
        case "junit": JUnitComparison()
        case "html": HTMLComparison()
        default: nil
        }
    }

    public static let names = ["text", "markdown", "json", "junit", "html"]

    /// Gated before advisory; regressions first, then what could not be decided, changes,
    /// improvements, and unchanged last; larger effects first.
    static func ordered(_ comparisons: [MetricComparison]) -> [MetricComparison] {
        let rank: [Outcome: Int] = [.regressed: 0, .underpowered: 1, .inconclusive: 2, .changed: 3, .improved: 4, .unchanged: 5]
        func key(_ c: MetricComparison) -> (Int, Int, Double, String, String) {
            (c.gated ? 0 : 1, rank[c.outcome]!, -abs(c.worseChange.isFinite ? c.worseChange : 1e9), c.workload, c.metric)
        }
        return comparisons.sorted { key($0) < key($1) }
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.4g", value)
    }

    /// The Mann–Whitney p-value, or "exact" for metrics that repeated exactly on both sides.
    static func pValue(_ comparison: MetricComparison) -> String {
        if let p = comparison.pValue { return String(format: "%.4f", p) }
        return comparison.deterministic ? "exact" : "n/a"
    }

    static func change(_ comparison: MetricComparison) -> String {
        guard let ratio = comparison.ratio else { return "n/a" }
        var text = String(format: "%+.2f%%", (ratio - 1) * 100)
        if let low = comparison.ratioLow, let high = comparison.ratioHigh {
            text += String(format: " [%+.1f%%, %+.1f%%]", (low - 1) * 100, (high - 1) * 100)
        }
        return text
    }

    /// `regressed`, or `regressed (advisory)` for a metric that does not gate.
    static func outcome(_ comparison: MetricComparison) -> String {
        comparison.outcome.rawValue + (comparison.gated ? "" : " (advisory)")
    }

    /// The decision and the counts behind it, in one line.
    static func verdict(_ report: ComparisonReport) -> String {
        let gated = report.comparisons.filter(\.gated)
        func count(_ outcome: Outcome) -> Int { gated.filter { $0.outcome == outcome }.count }
        var line = "\(report.verdict?.summary ?? "compared"): \(count(.regressed)) regressed, \(count(.underpowered)) underpowered, "
            + "\(count(.inconclusive)) inconclusive, \(count(.changed)) changed, \(count(.improved)) improved, \(count(.unchanged)) unchanged "
            + "of \(gated.count) gated metrics (\(report.familySize) tested together at \(NumberText.plain(report.familyAlpha * 100))% family-wise, Holm)"
        line += "; \(report.comparisons.count - gated.count) advisory"
        if !report.problems.isEmpty { line += "; \(report.problems.count) problem(s) with the results" }
        return line
    }

    /// Problems, fingerprint differences and threshold changes, one line each.
    static func notes(_ report: ComparisonReport) -> [String] {
        report.problems.map { "problem: \($0)" }
            + report.differences.sorted { $0.key < $1.key }.flatMap { workload, list in
                list.map { "differs: \(workload): \($0.field) \($0.base) → \($0.candidate)\($0.blocking ? " (the figures mean different things)" : "")" }
            }
            + report.thresholdChanges.map { "threshold changed: \($0)" }
    }
}
