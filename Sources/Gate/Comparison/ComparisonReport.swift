import Results

/// All metrics of all workloads present on both sides, and what made the comparison incomplete
/// or its sides different.
public struct ComparisonReport: Codable, Sendable, Equatable {
    public var base: String
    public var candidate: String
    public var comparisons: [MetricComparison]
    /// Why the data is incomplete — a failed, interrupted or missing repetition, a workload on one
    /// side only, a gated metric that vanished — each naming what. Any of them fails the gate (3).
    public var problems: [String]
    /// Per workload, the fingerprint fields that differ between the sides.
    public var differences: [String: [Fingerprint.Difference]]
    /// Thresholds the candidate declares differently from the base (the base's decide).
    public var thresholdChanges: [String]
    /// Gated metrics compared statistically (the false-alarm family) and the family-wise level.
    public var familySize: Int
    public var familyAlpha: Double
    /// The gate's decision (`compare` reports what `gate` without `--strict` would decide).
    public var verdict: GateVerdict?

    public init(base: String, candidate: String, comparisons: [MetricComparison], problems: [String] = [],
                differences: [String: [Fingerprint.Difference]] = [:], thresholdChanges: [String] = [], familySize: Int = 0,
                familyAlpha: Double = Comparator.significance) {
        self.base = base
        self.candidate = candidate
        self.comparisons = comparisons
        self.problems = problems
        self.differences = differences
        self.thresholdChanges = thresholdChanges
        self.familySize = familySize
        self.familyAlpha = familyAlpha
    }

    public func count(_ outcome: Outcome, gated: Bool? = nil) -> Int {
        comparisons.filter { $0.outcome == outcome && (gated == nil || $0.gated == gated) }.count
    }

    /// Fingerprint differences that make the figures mean different things.
    public var blockingDifferences: [String] {
        differences.sorted { $0.key < $1.key }.flatMap { workload, list in
            list.filter(\.blocking).map { "\(workload): \($0.field) \($0.base) → \($0.candidate)" }
        }
    }
}
