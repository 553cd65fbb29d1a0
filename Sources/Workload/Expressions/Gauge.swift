/// The live engine figures a `wait` condition may name. The runner reads each of them
/// (`Runner/Repetition/EngineGauges.swift`) and samples some into the time series.
public enum Gauge: String, Sendable, CaseIterable {
    case memUsed = "mem_used"
    case quota
    case highWat = "high_wat"
    case lowWat = "low_wat"
    case checkpointMemory = "checkpoint_memory"
    case checkpointQuota = "checkpoint_quota"
    case checkpointItems = "checkpoint_items"
    case checkpointMemoryPendingDestruction = "checkpoint_memory_pending_destruction"
    case persistenceLag = "persistence_lag"
    case valuesEvicted = "values_evicted"
    case itemsEvicted = "items_evicted"
    case tmpOOMErrors = "tmp_oom_errors"
    case oomErrors = "oom_errors"
    case quotaChangeInProgress = "quota_change_in_progress"
    case runningBackfills = "dcp_backfills_running"

    /// What the figure is, for error messages and documentation.
    public var summary: String {
        switch self {
        case .memUsed: "bytes the bucket uses (allocator-measured under jemalloc)"
        case .quota: "the bucket quota in force (max_size)"
        case .highWat: "the high watermark in force"
        case .lowWat: "the low watermark in force"
        case .checkpointMemory: "checkpoint memory (engine estimate)"
        case .checkpointQuota: "quota × checkpoint_memory_ratio"
        case .checkpointItems: "items (mutations and meta items) held in checkpoints"
        case .checkpointMemoryPendingDestruction: "bytes of removed checkpoints the destroyer task has not freed yet"
        case .persistenceLag: "mutations not yet persisted, summed over vBuckets"
        case .valuesEvicted: "values ejected by the item pager so far"
        case .itemsEvicted: "items ejected by the item pager so far"
        case .tmpOOMErrors: "writes refused with a temporary failure so far"
        case .oomErrors: "writes refused as out of memory so far"
        case .quotaChangeInProgress: "1 while a quota decrease waits for memory, else 0"
        case .runningBackfills: "backfills holding a running-backfill slot (ep_dcp_num_running_backfills)"
        }
    }
}
