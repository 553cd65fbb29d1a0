/// Process-wide jemalloc statistics at one instant (bytes). `allocated` does not move with
/// page decay; `active`, `resident`, `mapped` and `retained` do.
public struct AllocatorStats: Codable, Sendable, Equatable {
    public var allocated: UInt64
    public var active: UInt64
    public var resident: UInt64
    public var mapped: UInt64
    public var retained: UInt64

    public init(allocated: UInt64, active: UInt64, resident: UInt64, mapped: UInt64, retained: UInt64) {
        self.allocated = allocated
        self.active = active
        self.resident = resident
        self.mapped = mapped
        self.retained = retained
    }

    /// Refreshes the stats epoch and reads the five totals; nil unless jemalloc is active.
    public static func read() -> AllocatorStats? {
        guard Jemalloc.refreshEpoch(),
              let allocated = Jemalloc.number("stats.allocated"),
              let active = Jemalloc.number("stats.active"),
              let resident = Jemalloc.number("stats.resident"),
              let mapped = Jemalloc.number("stats.mapped"),
              let retained = Jemalloc.number("stats.retained")
        else { return nil }
        return AllocatorStats(allocated: allocated, active: active, resident: resident, mapped: mapped, retained: retained)
    }
}
