extension Metrics {
    /// Checkpoint memory, expel and checkpoint-memory recovery.
    static let checkpointFamily: [MetricDefinition] = [
        checkpointMemory, checkpointMemoryAt, checkpointPeakMemory, checkpointItems, checkpointItemsAt, checkpointMemoryPendingDestruction,
        itemsExpelled, engineFreedByExpel, allocatorFreedByExpel, recoveryCheckpointsRemoved, recoveryItemsExpelled, recoveryCursorsDropped,
        recoveryCheckpointsRemovedByCursorDrop, recoveryEngineFreed, recoveryAllocatorFreed,
        expelRate, expelBaselineRate, expelBaselineRatio, expelledKeyBytes, engineBytesPerItem, allocatorBytesPerItem,
        allocatorBudgetRatio, engineEstimateRatio,
    ]

    public static let checkpointMemory = MetricDefinition(
        "checkpoint.memory", .bytes, .lowerIsBetter, .bytesEngine,
        "the engine's checkpoint-memory estimate over every vBucket (at the end; sampled over time)", recording: .both)
    public static let checkpointMemoryAt = MetricDefinition(
        "checkpoint.memory.<label>", .bytes, .lowerIsBetter, .bytesEngine,
        "the engine's checkpoint-memory estimate at `snapshot {label}`")
    public static let checkpointItems = MetricDefinition(
        "checkpoint.items", .items, .lowerIsBetter, .count,
        "items (mutations and meta items) held in checkpoints", recording: .series)
    public static let checkpointItemsAt = MetricDefinition(
        "checkpoint.items.<label>", .items, .lowerIsBetter, .count,
        "items (mutations and meta items) held in checkpoints at `snapshot {label}`")
    public static let checkpointMemoryPendingDestruction = MetricDefinition(
        "checkpoint.memory.pending_destruction", .bytes, .lowerIsBetter, .bytesEngine,
        "removed checkpoints the destroyer task has not freed yet: out of `checkpoint.memory`, still in `mem_used`",
        recording: .series)
    public static let itemsExpelled = MetricDefinition(
        "checkpoint.items_expelled", .items, .neither, .count,
        "items the expel phases removed",
        neitherBecause: "how much expel can remove depends on where the cursors stand, not on how well the engine does it")
    public static let engineFreedByExpel = MetricDefinition(
        "checkpoint.memory.freed_by_expel", .bytes, .neither, .bytesEngine,
        "expel's own accounting of what it removed: Σ item size (values included) + the per-item queue overhead",
        neitherBecause: "more freed can mean more was held; the memory left (`checkpoint.memory.<label>`) carries the direction")
    public static let allocatorFreedByExpel = MetricDefinition(
        "checkpoint.allocator.freed_by_expel", .bytes, .neither, .bytesAllocator,
        "bytes the expelling thread released inside the expel calls, by its own allocator counters (jemalloc or tcmalloc): exact whatever other threads do",
        neitherBecause: "more freed can mean more was held; the memory left (`mem.primary.allocated.<label>`) carries the direction")
    public static let checkpointPeakMemory = MetricDefinition(
        "checkpoint.peak_memory", .bytes, .lowerIsBetter, .bytesEngine,
        "the highest `checkpoint.memory` the sampler saw during the repetition (at its interval, 100 ms by default)")
    public static let recoveryCheckpointsRemoved = MetricDefinition(
        "checkpoint.recovery.checkpoints_removed", .count, .neither, .count,
        "checkpoints checkpoint-memory recovery removed by its first strategy: a new checkpoint where the open one was full, caught-up cursors moved into it",
        neitherBecause: "recovery removes what the workload's memory pressure requires")
    public static let recoveryCheckpointsRemovedByCursorDrop = MetricDefinition(
        "checkpoint.recovery.checkpoints_removed_by_cursor_drop", .count, .neither, .count,
        "checkpoints left unreferenced, and removed, by the cursors recovery dropped",
        neitherBecause: "follows the cursors dropped, which carry the direction")
    public static let recoveryEngineFreed = MetricDefinition(
        "checkpoint.recovery.<strategy>.engine_freed", .bytes, .neither, .bytesEngine,
        "what each recovery strategy (`checkpoint_removal`, `item_expel`, `cursor_drop`) freed by the engine's accounting",
        neitherBecause: "recovery frees what the workload's memory pressure requires")
    public static let recoveryAllocatorFreed = MetricDefinition(
        "checkpoint.recovery.<strategy>.allocator_freed", .bytes, .neither, .bytesAllocator,
        "what each recovery strategy freed by the allocator's per-thread counters: expel's on the recovery task, removed checkpoints' on the destroyer task that freed them (jemalloc or tcmalloc)",
        neitherBecause: "recovery frees what the workload's memory pressure requires")
    public static let recoveryItemsExpelled = MetricDefinition(
        "checkpoint.recovery.items_expelled", .items, .neither, .count,
        "items checkpoint-memory recovery expelled (its second strategy)",
        neitherBecause: "recovery expels what the workload's memory pressure requires")
    public static let recoveryCursorsDropped = MetricDefinition(
        "checkpoint.recovery.cursors_dropped", .count, .lowerIsBetter, .count,
        "cursors checkpoint-memory recovery dropped (its third strategy; their streams go back to backfill)")
    public static let expelRate = MetricDefinition(
        "checkpoint.expel.items_per_sec", .itemsPerSecond, .higherIsBetter, .rate,
        "items expelled per second of engine time inside the expel calls")
    public static let expelBaselineRate = MetricDefinition(
        "baseline.expel.items_per_sec", .itemsPerSecond, .higherIsBetter, .rate,
        "`expel: {baseline: true}`: as many items, shaped and laid out as a load leaves them, released from plain deques in the same process")
    public static let expelBaselineRatio = MetricDefinition(
        "checkpoint.expel.baseline_ratio", .ratio, .higherIsBetter, .ratio,
        "expel's rate ÷ the baseline's, within one repetition")
    public static let expelledKeyBytes = MetricDefinition(
        "checkpoint.expel.key_bytes_per_item", .bytes, .neither, .bytesEngine,
        "the mean key length of the expelled items: the key shape the per-item figures are for",
        neitherBecause: "the workload's key shape")
    public static let engineBytesPerItem = MetricDefinition(
        "checkpoint.engine.bytes_per_item", .bytes, .lowerIsBetter, .bytesEngine,
        "per expelled item: the engine's estimate without the value")
    public static let allocatorBytesPerItem = MetricDefinition(
        "checkpoint.allocator.bytes_per_item", .bytes, .lowerIsBetter, .bytesAllocator,
        "per expelled item: what the allocator saw freed")
    public static let allocatorBudgetRatio = MetricDefinition(
        "checkpoint.allocator.budget_ratio", .ratio, .lowerIsBetter, .ratio,
        "`checkpoint.allocator.bytes_per_item` over ep-engine's 150 B + 2 × key length")
    public static let engineEstimateRatio = MetricDefinition(
        "checkpoint.engine_estimate_ratio", .ratio, .neither, .ratio,
        "`checkpoint.engine.bytes_per_item` ÷ `checkpoint.allocator.bytes_per_item`",
        neitherBecause: "1 is right: above it the engine overestimates, below it underestimates")
}
