import Results

/// A change of level in one series, in terms of commits: the last commit with results at the old
/// level, the commits over which the figure moved, how much and how sure.
public struct DetectedChange: Sendable {
    public enum Kind: String, Sendable {
        /// One commit moved the figure (or one of the untested commits before it).
        case step
        /// The figure moved over several commits with results.
        case drift
    }

    /// Index of the series in `History.series`.
    public var series: Int
    public var kind: Kind
    /// Positions in the commit sequence: the last commit with results at the old level, the
    /// first commit with results that moved, and the first at the new level (`first` for a step).
    public var before: Int
    public var first: Int
    public var last: Int
    /// Commits between `before` and `last` without results: the change may lie in any of them
    /// (a gap is never attributed to the next commit with results).
    public var untested: [Int]
    /// Median of the per-commit medians on each side.
    public var from: Double
    public var to: Double
    /// `to / from − 1`; nil when `from` is 0.
    public var relative: Double?
    /// 1 − the Mann–Whitney p-value of the repetitions on each side (1 for figures identical in
    /// every repetition on each side, compared exactly).
    public var confidence: Double
    public var outcome: Outcome
    /// Whether the change exceeds the metric's relative threshold.
    public var beyondThreshold: Bool
    /// The workload file differs between the two sides.
    public var workloadChanged: Bool

    /// The commit range in git's notation: `before..last` holds every commit that may have made it.
    public func range(in commits: [String]) -> String {
        "\(commits[before].prefix(12))..\(commits[last].prefix(12))"
    }

    /// Commits in the range: the untested ones, and those with results that moved the figure.
    public var span: Int { last - before }
}
