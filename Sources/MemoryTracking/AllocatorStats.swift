import CAllocator

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


/// Process-wide allocator figures by name, for whichever allocator serves the process:
/// jemalloc's five totals; tcmalloc's `generic.current_allocated_bytes`, `generic.heap_size` and
/// `tcmalloc.pageheap_free_bytes`; glibc's `mallinfo2()` in-use and arena bytes. Every
/// allocator reports `allocated` (bytes in use by the program).
public enum ProcessAllocatorFigures {
    public static func read(_ kind: AllocatorKind) -> [String: UInt64] {
        switch kind {
        case .jemalloc:
            guard let stats = AllocatorStats.read() else { return [:] }
            return ["allocated": stats.allocated, "active": stats.active, "resident": stats.resident, "mapped": stats.mapped,
                    "retained": stats.retained]
        case .tcmalloc:
            var figures: [String: UInt64] = [:]
            for (name, property) in [("allocated", "generic.current_allocated_bytes"), ("heap_size", "generic.heap_size"),
                                     ("pageheap_free", "tcmalloc.pageheap_free_bytes")] {
                var value: UInt64 = 0
                if kvb_tcmalloc_property(property, &value) == 0 { figures[name] = value }
            }
            return figures
        case .glibc:
            var inUse: UInt64 = 0, arena: UInt64 = 0
            kvb_glibc_mallinfo(&inUse, &arena)
            return ["allocated": inUse, "arena": arena]
        case .unknown:
            return [:]
        }
    }
}
