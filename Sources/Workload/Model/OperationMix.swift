/// Percentages of each operation; they sum to 100.
public struct OperationMix: Sendable, Equatable {
    public var set: Int
    public var get: Int
    public var delete: Int
    public init(set: Int, get: Int, delete: Int) {
        self.set = set
        self.get = get
        self.delete = delete
    }
}

/// How keys are chosen (YCSB's distributions).
public enum KeyDistribution: Sendable, Equatable {
    case uniform
    /// Gray et al.'s zipfian with skew `theta` (YCSB default 0.99): item 0 is the hottest.
    case zipfian(theta: Double)
    /// Zipfian popularity spread over the key space by hashing the rank (YCSB's scrambled zipfian).
    case scrambledZipfian(theta: Double)
    /// Zipfian towards the most recently loaded items (YCSB's latest).
    case latest(theta: Double)
    /// `hotOps` of the operations go to the first `hotData` of the items (fractions).
    case hotspot(hotData: Double, hotOps: Double)
    /// Each worker walks the key space in order from its own offset.
    case sequential
}
