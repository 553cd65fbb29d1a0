import Foundation
import Results

/// What a comparison concluded about one metric.
public enum Outcome: String, Codable, Sendable, CaseIterable {
    case improved
    case regressed
    case unchanged
    case inconclusive
    /// Moved beyond the threshold, significantly, on a metric that has no better direction
    /// (reported, never a regression).
    case changed
}

/// One workload × metric, base against candidate.
public struct MetricComparison: Codable, Sendable, Equatable {
    public var workload: String
    public var metric: String
    public var unit: String
    public var direction: Direction
    public var baseMedian: Double
    public var candidateMedian: Double
    public var baseCount: Int
    public var candidateCount: Int
    public var baseMin: Double
    public var baseMax: Double
    public var candidateMin: Double
    public var candidateMax: Double
    /// candidate / base medians, with a bootstrap 95% interval (nil when deterministic or base is 0).
    public var ratio: Double?
    public var ratioLow: Double?
    public var ratioHigh: Double?
    /// Two-sided Mann–Whitney U p-value; nil for deterministic metrics (compared exactly).
    public var pValue: Double?
    public var deterministic: Bool
    public var threshold: Threshold
    public var outcome: Outcome
    /// Why, in words (shown in every format).
    public var reason: String

    /// Relative change in the worse direction (positive = worse); for a metric without a better
    /// direction, the size of the change (never negative).
    public var worseChange: Double {
        guard baseMedian != 0 else { return candidateMedian == 0 ? 0 : (direction == .higherIsBetter ? -1 : 1) * .infinity }
        let change = (candidateMedian - baseMedian) / abs(baseMedian)
        switch direction {
        case .lowerIsBetter: return change
        case .higherIsBetter: return -change
        case .neither: return abs(change)
        }
    }
}

/// All metrics of all workloads present on both sides.
public struct ComparisonReport: Codable, Sendable, Equatable {
    public var base: String
    public var candidate: String
    public var comparisons: [MetricComparison]
    /// Workloads found on one side only.
    public var unmatched: [String]
    /// Workloads with failed repetitions, on either side.
    public var failedRuns: [String]

    public init(base: String, candidate: String, comparisons: [MetricComparison], unmatched: [String], failedRuns: [String]) {
        self.base = base
        self.candidate = candidate
        self.comparisons = comparisons
        self.unmatched = unmatched
        self.failedRuns = failedRuns
    }

    public func count(_ outcome: Outcome) -> Int { comparisons.filter { $0.outcome == outcome }.count }
}

/// Compares result sets metric by metric. Pure; any thread.
public enum Comparator {
    public static let significance = 0.05

    /// `thresholds` (from a thresholds file) override what the candidate's workload declared,
    /// which overrides the defaults by metric kind.
    public static func compare(base: ResultSet, candidate: ResultSet, thresholds: [String: Threshold] = [:]) -> ComparisonReport {
        var comparisons: [MetricComparison] = []
        var failed: [String] = []
        let names = Set(base.runs.keys).intersection(candidate.runs.keys).sorted()
        for name in names {
            let (b, c) = (base.runs[name]!, candidate.runs[name]!)
            if b.repetitions.contains(where: { $0.status == .failed }) { failed.append("\(base.label)/\(name)") }
            if c.repetitions.contains(where: { $0.status == .failed }) { failed.append("\(candidate.label)/\(name)") }
            let declared = (c.thresholds ?? [:]).merging(thresholds) { _, file in file }
            let baseRows = Dictionary(SummaryRow.rows(for: b).map { ($0.metric, $0) }, uniquingKeysWith: { a, _ in a })
            for row in SummaryRow.rows(for: c) {
                guard baseRows[row.metric] != nil else { continue }
                let baseValues = values(row.metric, in: b), candidateValues = values(row.metric, in: c)
                let threshold = Threshold.resolve(row.metric, in: declared)
                comparisons.append(compareMetric(workload: name, metric: row.metric, unit: row.unit, direction: row.direction,
                                                 base: baseValues, candidate: candidateValues, threshold: threshold))
            }
        }
        let unmatched = Set(base.runs.keys).symmetricDifference(candidate.runs.keys).sorted()
        return ComparisonReport(base: base.label, candidate: candidate.label, comparisons: comparisons, unmatched: unmatched, failedRuns: failed)
    }

    static func values(_ metric: String, in run: RunResult) -> [Double] {
        run.measured.compactMap { $0.metric(metric)?.value }
    }

    public static func compareMetric(workload: String, metric: String, unit: String, direction: Direction,
                                     base: [Double], candidate: [Double], threshold: Threshold) -> MetricComparison {
        let baseMedian = Bootstrap.median(base), candidateMedian = Bootstrap.median(candidate)
        // Identical across repetitions on both sides; one repetition proves nothing.
        let deterministic = base.count >= 2 && candidate.count >= 2 && Set(base).count == 1 && Set(candidate).count == 1
        var result = MetricComparison(
            workload: workload, metric: metric, unit: unit, direction: direction, baseMedian: baseMedian,
            candidateMedian: candidateMedian, baseCount: base.count, candidateCount: candidate.count,
            baseMin: base.min() ?? 0, baseMax: base.max() ?? 0, candidateMin: candidate.min() ?? 0, candidateMax: candidate.max() ?? 0,
            ratio: baseMedian != 0 ? candidateMedian / baseMedian : nil, ratioLow: nil, ratioHigh: nil, pValue: nil,
            deterministic: deterministic, threshold: threshold, outcome: .unchanged, reason: "")
        if !deterministic, let interval = Bootstrap.medianRatioInterval(base: base, candidate: candidate) {
            result.ratioLow = interval.lowerBound
            result.ratioHigh = interval.upperBound
        }
        let change = result.worseChange
        let limit = threshold.relative ?? .infinity
        let breachesAbsolute = threshold.absolute.map { direction == .higherIsBetter ? candidateMedian < $0 : candidateMedian > $0 } ?? false
        let beyond = change > limit || breachesAbsolute
        let better = -change > limit
        // Without a better direction, a change beyond the threshold is only ever "changed".
        let moved: Outcome = direction == .neither ? .changed : .regressed
        let described = String(format: "%+.2f%% (limit %@)", change * 100, threshold.relative.map { String(format: "%.1f%%", $0 * 100) } ?? "none")
        if deterministic {
            result.outcome = beyond ? moved : better ? .improved : .unchanged
            result.reason = "deterministic, compared exactly: \(described)"
            return result
        }
        guard beyond || better else {
            result.outcome = .unchanged
            result.reason = "within threshold: \(described)"
            return result
        }
        let test = MannWhitney.test(base, candidate)
        result.pValue = test?.pValue
        guard let p = test?.pValue, base.count >= 2, candidate.count >= 2 else {
            result.outcome = .inconclusive
            result.reason = "\(described) but too few repetitions to tell"
            return result
        }
        if p < significance {
            result.outcome = beyond ? moved : .improved
            result.reason = "\(described), p = \(String(format: "%.4f", p))"
        } else {
            result.outcome = .inconclusive
            result.reason = "\(described) but not significant (p = \(String(format: "%.3f", p)))"
        }
        return result
    }
}
