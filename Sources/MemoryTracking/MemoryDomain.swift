import CAllocator

/// Where an allocation is charged (DESIGN.md §4). Every OS thread is in exactly one domain at
/// a time: kvbench's own threads run in `none`, engine entry points in `primary`, calls into the
/// storage library in `secondary`. State is per OS thread, so a domain never spans an `await`.
public enum MemoryDomain: Int32, Sendable, CaseIterable, Codable {
    case none = 0
    case primary = 1
    case secondary = 2

    /// The calling thread's current domain.
    public static var current: MemoryDomain {
        MemoryDomain(rawValue: Int32(kvb_domain_current())) ?? .none
    }

    /// Bytes charged to this domain, published totals plus every thread's unpublished residue.
    /// Exact for the calling thread and for threads that have left the domain; bytes another
    /// thread allocated since its last switch are not yet visible. Takes a lock: not for hot paths.
    public var preciseBytes: Int64 { kvb_domain_precise(rawValue) }

    /// Published total only (one atomic load): what quota checks use. Lags the precise figure by
    /// at most the fold threshold per thread.
    public var estimatedBytes: Int64 { kvb_domain_estimate(rawValue) }

    /// How many bytes a thread may accumulate before publishing to the estimate. kv_engine uses
    /// quota × 0.5% / number of CPUs.
    public static func setFoldThreshold(_ bytes: Int64) { kvb_set_fold_threshold(bytes) }

    /// Pauses or resumes domain tracking process-wide: while paused a switch changes nothing (one
    /// predictable branch), which is how the overhead of tracking is measured in one process.
    /// Per-domain figures taken across a pause are meaningless; only benchmarks use it.
    public static func setTracking(_ on: Bool) { kvb_set_tracking_paused(on ? 0 : 1) }

    /// False while `setTracking(false)` is in force.
    public static var isTracking: Bool { kvb_tracking_is_paused() == 0 }
}
