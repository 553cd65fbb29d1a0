/// The item pager's view of access frequencies (ep-engine's `ItemEviction`): every counter it
/// has visited in the current pass, and the value at a percentile of them — the threshold at or
/// under which a visited item is cold enough to evict. Not thread-safe: one pager pass owns one.
struct FrequencyHistogram {
    /// ep-engine's `learningPopulation`: the threshold is recomputed after every counter until
    /// this many are seen, then after every this many.
    static let learningPopulation = 100

    private var counts = [Int](repeating: 0, count: 256)
    private(set) var total = 0

    mutating func add(_ frequency: UInt8) {
        counts[Int(frequency)] += 1
        total += 1
    }

    /// The smallest counter value at or below which `percentile`% of the counters seen lie.
    func value(atPercentile percentile: Double) -> UInt8 {
        let wanted = Double(total) * min(max(percentile, 0), 100) / 100
        var seen = 0
        for (value, count) in counts.enumerated() {
            seen += count
            if Double(seen) >= wanted { return UInt8(value) }
        }
        return .max
    }
}

/// ep-engine's probabilistic frequency counter (`ProbabilisticCounter`, increment factor
/// 0.012): an access raises an 8-bit counter with probability 1 / (counter × 0.012 + 1), so 255
/// stands for tens of thousands of accesses and hot items stay distinguishable instead of all
/// saturating. The random draw comes from the caller's generator (each hash-table stripe keeps
/// one, advanced under its lock).
enum ProbabilisticCounter {
    static let incrementFactor = 0.012

    static func incremented(_ counter: UInt8, random: inout UInt64) -> UInt8 {
        guard counter < .max else { return counter }
        random ^= random << 13
        random ^= random >> 7
        random ^= random << 17
        let draw = Double(random >> 11) / Double(UInt64(1) << 53)
        return draw < 1 / (Double(counter) * incrementFactor + 1) ? counter + 1 : counter
    }
}
