import Foundation
import Results

/// What A/A pairs — this build against itself, repetitions interleaved — show about the gate on
/// this machine: how often each gated metric raises a false alarm, the smallest real change the
/// gate would catch at the configured repetitions, and relative thresholds that would have let
/// every pair pass. Pure; any thread.
public struct Calibration: Codable, Sendable {
    /// One gated metric of one workload over all pairs.
    public struct Finding: Codable, Sendable, Equatable {
        public var workload: String
        public var metric: String
        public var unit: String
        public var direction: Direction
        public var pairs: Int
        /// Pairs in which the gate called this metric regressed.
        public var falseAlarms: Int
        /// The largest relative change of the medians over the pairs, either way.
        public var largestChange: Double
        /// The largest change in a pair where it would have counted had it exceeded the threshold:
        /// compared exactly, or significant at its level.
        public var largestDecidedChange: Double
        /// Identical in every repetition of both sides of every pair (compared exactly).
        public var exact: Bool
        /// The relative threshold in force.
        public var threshold: Double
        /// The median over pairs of the smallest change in the worse direction the gate would call
        /// a regression; nil when no change could (`requiredRepetitions` says why).
        public var detectable: Double?
        public var requiredRepetitions: Int?
        /// A relative threshold that would have let every pair pass, with margin.
        public var proposed: Double
    }

    public var pairs: Int
    /// Pairs whose gate would have failed (a gated metric regressed or the data incomplete).
    public var failedPairs: Int
    public var findings: [Finding]
    /// Per pair, what made its data incomplete.
    public var problems: [String]
    /// Repetitions per side, as the runs were planned (by workload).
    public var repetitions: [String: Int]

    /// Analyses A/A pairs under `thresholds` (a thresholds file; the workloads' blocks apply beneath).
    public static func analyse(_ pairs: [(ResultSet, ResultSet)], thresholds: [String: Threshold] = [:]) -> Calibration {
        var calibration = Calibration(pairs: pairs.count, failedPairs: 0, findings: [], problems: [], repetitions: [:])
        var observations: [String: [Observation]] = [:]
        for (index, (a, b)) in pairs.enumerated() {
            let report = Comparator.compare(base: a, candidate: b, thresholds: thresholds)
            if GateVerdict.decide(report, strict: false) != .pass { calibration.failedPairs += 1 }
            calibration.problems += report.problems.map { "pair \(index + 1): \($0)" }
            for (name, run) in a.runs { calibration.repetitions[name] = run.options?.repetitions ?? run.measured.count }
            for comparison in report.comparisons where comparison.gated {
                let samples = (Comparator.values(comparison.metric, in: a.runs[comparison.workload]!),
                               Comparator.values(comparison.metric, in: b.runs[comparison.workload]!))
                observations[comparison.workload + "\u{0}" + comparison.metric, default: []]
                    .append(Observation(comparison: comparison, base: samples.0, candidate: samples.1, familySize: report.familySize))
            }
        }
        calibration.findings = observations.values.map(Finding.init).sorted { ($0.workload, $0.metric) < ($1.workload, $1.metric) }
        return calibration
    }

    /// The thresholds file `--write-thresholds` writes: per metric name, the largest proposal of
    /// any workload, for metrics whose proposal is above the threshold now in force.
    public var proposedThresholds: [String: Double] {
        var proposals: [String: Double] = [:]
        for finding in findings where finding.proposed > finding.threshold {
            proposals[finding.metric] = max(proposals[finding.metric] ?? 0, finding.proposed)
        }
        return proposals
    }

    /// One pair's view of a metric.
    struct Observation {
        var comparison: MetricComparison
        var base: [Double]
        var candidate: [Double]
        var familySize: Int
    }
}

extension Calibration.Finding {
    init(_ observations: [Calibration.Observation]) {
        let first = observations[0].comparison
        let changes = observations.map { abs($0.comparison.change ?? 0) }
        let decided = observations.filter { $0.comparison.deterministic || ($0.comparison.pValue ?? 1) <= ($0.comparison.alpha ?? 0) }
        let detections = observations.map(DetectableChange.init)
        let found = detections.compactMap(\.change).sorted()
        let largestDecided = decided.map { abs($0.comparison.change ?? 0) }.max() ?? 0
        self.init(workload: first.workload, metric: first.metric, unit: first.unit, direction: first.direction, pairs: observations.count,
                  falseAlarms: observations.filter { $0.comparison.outcome == .regressed }.count, largestChange: changes.max() ?? 0,
                  largestDecidedChange: largestDecided, exact: observations.allSatisfy(\.comparison.deterministic),
                  threshold: first.threshold.relative ?? 0, detectable: found.isEmpty ? nil : found[found.count / 2],
                  requiredRepetitions: detections.compactMap(\.requiredRepetitions).max(),
                  proposed: Self.proposal(current: first.threshold.relative ?? 0, observed: largestDecided))
    }

    /// The current threshold, or half as much again as the largest decided A/A change rounded up
    /// to the next half percent, whichever is larger.
    static func proposal(current: Double, observed: Double) -> Double {
        guard observed * 1.5 > current else { return current }
        return (observed * 1.5 * 200 - 1e-9).rounded(.up) / 200
    }
}
