import Synchronization

/// ep-engine's statistics counters that workloads and reports read (`ep_tmp_oom_errors`,
/// `ep_oom_errors`, evictions, background fetches, flusher and recovery figures). Relaxed
/// atomics; any thread may update or read.
public final class EngineStats: Sendable {
    let tmpOOMErrors = Atomic<Int>(0)
    /// Of `tmpOOMErrors`, those refused because checkpoint memory was full.
    let tmpFailuresCheckpointMemory = Atomic<Int>(0)
    let oomErrors = Atomic<Int>(0)
    let valuesEvicted = Atomic<Int>(0)
    let itemsEvicted = Atomic<Int>(0)
    let bgFetches = Atomic<Int>(0)
    let itemsFlushed = Atomic<Int>(0)
    let flushBatches = Atomic<Int>(0)
    let flushErrors = Atomic<Int>(0)
    let flushNanoseconds = Atomic<Int>(0)
    public let recovery = CheckpointRecoveryStats()
    let warmupItems = Atomic<Int>(0)
    let warmupValuesSkipped = Atomic<Int>(0)
    let warmupNanoseconds = Atomic<Int>(0)

    public init() {}

    /// Full eviction ejects whole items, value-only eviction only values.
    func recordEvictions(_ count: Int, fullEviction: Bool) {
        guard count > 0 else { return }
        if fullEviction { itemsEvicted.add(count, ordering: .relaxed) } else { valuesEvicted.add(count, ordering: .relaxed) }
    }

    public var snapshot: EngineStatsSnapshot {
        EngineStatsSnapshot(
            tmpOOMErrors: tmpOOMErrors.load(ordering: .relaxed), tmpFailuresCheckpointMemory: tmpFailuresCheckpointMemory.load(ordering: .relaxed),
            oomErrors: oomErrors.load(ordering: .relaxed),
            valuesEvicted: valuesEvicted.load(ordering: .relaxed), itemsEvicted: itemsEvicted.load(ordering: .relaxed),
            bgFetches: bgFetches.load(ordering: .relaxed), itemsFlushed: itemsFlushed.load(ordering: .relaxed),
            flushBatches: flushBatches.load(ordering: .relaxed), flushErrors: flushErrors.load(ordering: .relaxed),
            flushSeconds: Double(flushNanoseconds.load(ordering: .relaxed)) / 1e9,
            recovery: recovery.snapshot,
            warmupItems: warmupItems.load(ordering: .relaxed), warmupValuesSkipped: warmupValuesSkipped.load(ordering: .relaxed),
            warmupSeconds: Double(warmupNanoseconds.load(ordering: .relaxed)) / 1e9)
    }
}

/// A copy of the counters at one instant.
public struct EngineStatsSnapshot: Sendable, Equatable {
    public var tmpOOMErrors: Int
    /// Of `tmpOOMErrors`, refused because checkpoint memory was full (the rest: mem_used too high).
    public var tmpFailuresCheckpointMemory: Int
    public var oomErrors: Int
    public var valuesEvicted: Int
    public var itemsEvicted: Int
    public var bgFetches: Int
    public var itemsFlushed: Int
    public var flushBatches: Int
    public var flushErrors: Int
    /// Time the flusher spent inside commits.
    public var flushSeconds: Double
    /// Checkpoint-memory recovery, per strategy.
    public var recovery: CheckpointRecoverySnapshot
    /// Documents warmup loaded into the hash table (deletions are not loaded).
    public var warmupItems: Int
    /// Of those, loaded as metadata only (value left on disk) because memory reached the low watermark.
    public var warmupValuesSkipped: Int
    public var warmupSeconds: Double
}

extension EngineStatsSnapshot {
    /// Counters of two bucket instances added up (a restarted bucket starts from zero).
    public static func + (a: Self, b: Self) -> Self {
        Self(tmpOOMErrors: a.tmpOOMErrors + b.tmpOOMErrors, tmpFailuresCheckpointMemory: a.tmpFailuresCheckpointMemory + b.tmpFailuresCheckpointMemory,
             oomErrors: a.oomErrors + b.oomErrors,
             valuesEvicted: a.valuesEvicted + b.valuesEvicted, itemsEvicted: a.itemsEvicted + b.itemsEvicted,
             bgFetches: a.bgFetches + b.bgFetches, itemsFlushed: a.itemsFlushed + b.itemsFlushed,
             flushBatches: a.flushBatches + b.flushBatches, flushErrors: a.flushErrors + b.flushErrors,
             flushSeconds: a.flushSeconds + b.flushSeconds, recovery: a.recovery + b.recovery,
             warmupItems: a.warmupItems + b.warmupItems, warmupValuesSkipped: a.warmupValuesSkipped + b.warmupValuesSkipped,
             warmupSeconds: a.warmupSeconds + b.warmupSeconds)
    }
}
