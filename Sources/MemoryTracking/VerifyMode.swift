import CAllocator

/// The arena verify mode (DESIGN.md §4): with jemalloc's thread cache off, every domain gets
/// its own arena and each switch moves the thread there, so an arena's allocated bytes are an
/// exact, independent figure to check the per-thread counters against. Slow (≈ 40 ns per switch,
/// no thread cache): a checking mode, not the default. Enable once, early, from any thread.
public enum VerifyMode {
    /// The environment a child needs before jemalloc initialises: no thread cache.
    public static let mallocConf = "tcache:false"

    public static func enable() -> Bool { kvb_verify_enable() == 0 }

    /// Bytes allocated from `domain`'s arena, or nil outside verify mode.
    public static func arenaBytes(_ domain: MemoryDomain) -> UInt64? {
        var value: UInt64 = 0
        return kvb_verify_arena_bytes(domain.rawValue, &value) == 0 ? value : nil
    }
}
