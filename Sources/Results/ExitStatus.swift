/// The exit statuses every kvbench command uses (README, DESIGN.md §8), in one place.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case success = 0
    /// `gate`: a gated metric regressed.
    case regression = 1
    /// An invalid workload, a bad flag or argument, unusable inputs: nothing was run.
    case usage = 2
    /// A repetition failed (crashed, was killed, exceeded a limit) or results could not be written.
    case runFailure = 3
    /// `gate --strict`: only inconclusive results.
    case inconclusive = 4
    /// 128 + SIGINT, as shells report an interrupted command; what completed is written.
    case interrupted = 130
}
