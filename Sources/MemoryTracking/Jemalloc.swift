import CAllocator

/// Thin typed access to jemalloc's `mallctl`, resolved at run time. Every read returns nil when
/// jemalloc is not the active allocator, so callers cannot mistake "unavailable" for zero.
/// Any thread may call these; `epoch` refreshes are process-wide and cost tens of microseconds,
/// so callers sample them on an interval, never per operation.
public enum Jemalloc {
    public static var isActive: Bool { kvb_jemalloc_active() != 0 }

    /// A `size_t` or `uint64_t` statistic, e.g. `stats.allocated`.
    public static func number(_ name: String) -> UInt64? {
        var value: UInt64 = 0
        return kvb_mallctl_read_number(name, &value, MemoryLayout<UInt64>.size) == 0 ? value : nil
    }

    public static func string(_ name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard kvb_mallctl_read_string(name, &buffer, buffer.count) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    @discardableResult
    public static func refreshEpoch() -> Bool { kvb_mallctl_refresh_epoch() == 0 }
}
