/// The order repetitions run in: warm-ups first, then measured ones; with several builds
/// (`--interleave`), each repetition index on every build in turn (A B A B …), so that drift of
/// the machine over the run falls on both alike.
enum RepetitionSchedule {
    struct Slot: Sendable, Equatable {
        /// The repetition's index within its workload (warm-ups first).
        let index: Int
        let warmup: Bool
        /// Which build runs it.
        let side: Int
    }

    /// Repetitions `first..<warmup + count` of one workload on `sides` builds; `first` > 0 when a
    /// resumed run keeps earlier ones.
    static func slots(from first: Int, warmup: Int, count: Int, sides: Int) -> [Slot] {
        guard first < warmup + count else { return [] }
        return (first..<(warmup + count)).flatMap { index in
            (0..<sides).map { Slot(index: index, warmup: index < warmup, side: $0) }
        }
    }

    /// `warm-up 1/1` or `repetition 2/3`, for progress lines.
    static func title(_ slot: Slot, warmup: Int, count: Int) -> String {
        slot.warmup ? "warm-up \(slot.index + 1)/\(warmup)" : "repetition \(slot.index - warmup + 1)/\(count)"
    }
}
