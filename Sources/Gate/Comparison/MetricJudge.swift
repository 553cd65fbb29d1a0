import Foundation
import Results

/// One metric's comparison: what the two samples show (`measure`), then what that means once the
/// family has set this metric's significance level (`decide`).
enum MetricJudge {
    static func measure(workload: String, metric: String, unit: String, direction: Direction, base: [Double], candidate: [Double],
                        threshold: Threshold, gated: Bool) -> MetricComparison {
        let baseMedian = Bootstrap.median(base), candidateMedian = Bootstrap.median(candidate)
        // Identical across repetitions on both sides; one repetition proves nothing.
        let deterministic = base.count >= 2 && candidate.count >= 2 && Set(base).count == 1 && Set(candidate).count == 1
        var result = MetricComparison(
            workload: workload, metric: metric, unit: unit, direction: direction, gated: gated, baseMedian: baseMedian,
            candidateMedian: candidateMedian, baseCount: base.count, candidateCount: candidate.count,
            baseMin: base.min() ?? 0, baseMax: base.max() ?? 0, candidateMin: candidate.min() ?? 0, candidateMax: candidate.max() ?? 0,
            ratio: baseMedian != 0 ? candidateMedian / baseMedian : nil, ratioLow: nil, ratioHigh: nil, pValue: nil, alpha: nil,
            deterministic: deterministic, threshold: threshold, requiredRepetitions: nil, outcome: .inconclusive, reason: "")
        guard !deterministic else { return result }
        if let interval = Bootstrap.medianRatioInterval(base: base, candidate: candidate) {
            result.ratioLow = interval.lowerBound
            result.ratioHigh = interval.upperBound
        }
        result.pValue = MannWhitney.test(base, candidate)?.pValue
        return result
    }

    /// Budgets first (the candidate alone), then an exact comparison for metrics that repeat
    /// exactly, then significance at this metric's level, equivalence within the threshold, and
    /// whether these repetitions could show anything at all.
    static func decide(_ c: inout MetricComparison) {
        let limit = c.threshold.relative ?? .infinity
        let change = c.worseChange
        let beyond = change > limit
        let better = c.direction != .neither && -change > limit
        let moved: Outcome = c.direction == .neither ? .changed : .regressed
        let described = String(format: "%+.2f%% (limit %@)", (c.change ?? change) * 100,
                               c.threshold.relative.map { String(format: "±%.1f%%", $0 * 100) } ?? "none")
        if let breach = budgetBreach(c) {
            (c.outcome, c.reason) = (.regressed, breach)
        } else if c.deterministic {
            c.outcome = beyond ? moved : better ? .improved : .unchanged
            c.reason = "identical in every repetition, compared exactly: \(described)"
        } else if let p = c.pValue, let alpha = c.alpha, p <= alpha, beyond || better {
            c.outcome = beyond ? moved : .improved
            c.reason = "\(described), p = \(String(format: "%.4f", p)) ≤ \(formatLevel(alpha))"
        } else if let low = c.ratioLow, let high = c.ratioHigh, low >= 1 - limit, high <= 1 + limit {
            c.outcome = .unchanged
            c.reason = "within the threshold: 95% interval [\(String(format: "%+.2f%%, %+.2f%%", (low - 1) * 100, (high - 1) * 100))] ⊂ ±"
                + String(format: "%.1f%%", limit * 100)
        } else if let alpha = c.alpha, RankTestPower.smallestPValue(c.baseCount, c.candidateCount) > alpha {
            c.requiredRepetitions = RankTestPower.repetitionsNeeded(for: alpha)
            c.outcome = .underpowered
            c.reason = "\(described); underpowered: \(c.baseCount) against \(c.candidateCount) repetitions cannot reach p ≤ "
                + "\(formatLevel(alpha)): needs ≥ \(c.requiredRepetitions!) repetitions per side"
        } else {
            c.outcome = .inconclusive
            c.reason = "\(described), not significant (p = \(c.pValue.map { String(format: "%.3f", $0) } ?? "n/a")"
                + "\(c.alpha.map { " > \(formatLevel($0))" } ?? "")) and not within the threshold"
        }
    }

    /// The candidate's median against the budgets, whatever the base did.
    private static func budgetBreach(_ c: MetricComparison) -> String? {
        let budgets = c.threshold.budgets(for: c.direction)
        if let max = budgets.max, c.candidateMedian > max {
            return "over its budget: median \(ComparisonFormats.number(c.candidateMedian)) above max \(ComparisonFormats.number(max)) \(c.unit)"
        }
        if let min = budgets.min, c.candidateMedian < min {
            return "under its budget: median \(ComparisonFormats.number(c.candidateMedian)) below min \(ComparisonFormats.number(min)) \(c.unit)"
        }
        return nil
    }

    private static func formatLevel(_ alpha: Double) -> String { String(format: alpha < 0.001 ? "%.2g" : "%.4f", alpha) }
}
