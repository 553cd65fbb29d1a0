import CAllocator

/// The calling thread's own cumulative allocated and freed bytes (jemalloc's per-thread
/// counters, or tcmalloc's through its hooks; zero under other allocators). A window of one
/// call measured with these is exact whatever other threads do meanwhile.
public struct ThreadAllocations: Sendable, Equatable {
    public var allocated: UInt64
    public var deallocated: UInt64

    public static var current: ThreadAllocations {
        ThreadAllocations(allocated: kvb_thread_allocated(), deallocated: kvb_thread_deallocated())
    }

    /// Bytes freed minus bytes allocated by this thread since `start`.
    public func freed(since start: ThreadAllocations) -> Int64 {
        Int64(bitPattern: deallocated &- start.deallocated) - Int64(bitPattern: allocated &- start.allocated)
    }
}
