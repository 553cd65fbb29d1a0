import Foundation

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

    /// Regressions first, then inconclusive, improved, unchanged; larger effects first.
    static func ordered(_ comparisons: [MetricComparison]) -> [MetricComparison] {
        let rank: [Outcome: Int] = [.regressed: 0, .inconclusive: 1, .changed: 2, .improved: 3, .unchanged: 4]
        return comparisons.sorted {
            (rank[$0.outcome]!, -abs($0.worseChange.isFinite ? $0.worseChange : 1e9), $0.workload, $0.metric)
                < (rank[$1.outcome]!, -abs($1.worseChange.isFinite ? $1.worseChange : 1e9), $1.workload, $1.metric)
        }
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.4g", value)
    }

    /// The Mann–Whitney p-value, or "exact" for metrics compared exactly.
    static func pValue(_ comparison: MetricComparison) -> String {
        comparison.pValue.map { String(format: "%.4f", $0) } ?? "exact"
    }

    static func change(_ comparison: MetricComparison) -> String {
        guard let ratio = comparison.ratio else { return "n/a" }
        var text = String(format: "%+.2f%%", (ratio - 1) * 100)
        if let low = comparison.ratioLow, let high = comparison.ratioHigh {
            text += String(format: " [%+.1f%%, %+.1f%%]", (low - 1) * 100, (high - 1) * 100)
        }
        return text
    }

    static func verdict(_ report: ComparisonReport) -> String {
        "\(report.count(.regressed)) regressed, \(report.count(.improved)) improved, \(report.count(.inconclusive)) inconclusive, "
            + "\(report.count(.changed)) changed, \(report.count(.unchanged)) unchanged"
    }
}
