import Results

/// One workload × metric, base against candidate.
public struct MetricComparison: Codable, Sendable, Equatable {
    public var workload: String
    public var metric: String
    public var unit: String
    public var direction: Direction
    /// Whether this metric decides the gate (else it only advises).
    public var gated: Bool
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
    /// Two-sided Mann–Whitney U p-value; nil for metrics compared exactly.
    public var pValue: Double?
    /// The significance level this metric's p-value was held to: Holm's step for gated metrics,
    /// the plain level for advisory ones; nil when compared exactly.
    public var alpha: Double?
    public var deterministic: Bool
    public var threshold: Threshold
    /// Repetitions per side that could reach significance at `alpha`, when these could not.
    public var requiredRepetitions: Int?
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

    /// The signed relative change of the median (candidate over base, minus one).
    public var change: Double? { ratio.map { $0 - 1 } }
}
