import CAllocator

/// Runs code with a memory domain current on the calling thread and restores the previous
/// domain on every exit path, including a thrown error. Bytes allocated minus bytes freed while
/// the domain is current are credited to it (jemalloc's per-thread counters; ≈ ns per switch,
/// nothing per allocation). Free memory in the domain that allocated it.
///
/// Callable from any thread; nests freely (an inner guard for the same domain costs one branch).
public enum DomainGuard {
    @inlinable
    public static func run<Result, Failure: Error>(
        _ domain: MemoryDomain,
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let previous = kvb_domain_switch(domain.rawValue)
        defer { kvb_domain_switch(previous) }
        return try body()
    }
}
