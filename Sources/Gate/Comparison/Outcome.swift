/// What a comparison concluded about one metric.
public enum Outcome: String, Codable, Sendable, CaseIterable {
    case improved
    case regressed
    /// The change's interval lies within ± the threshold (or an exact metric moved no more).
    case unchanged
    /// Not significant although the repetitions could have shown it, and not within the threshold.
    case inconclusive
    /// The repetitions cannot reach significance after the false-alarm correction, however large
    /// the change: more are needed (`MetricComparison.requiredRepetitions`).
    case underpowered
    /// Moved beyond the threshold, significantly, on a metric that has no better direction
    /// (reported, never a regression).
    case changed
}
