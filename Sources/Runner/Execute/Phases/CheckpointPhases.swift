@_spi(Testing) import Engine
import MemoryTracking
import Results
import Workload

/// `cursor`, `expel`, `snapshot` and `new_checkpoint`, and at the end of the run what expel
/// removed and freed — the engine's account beside the allocator's — per item and per second.
enum CheckpointPhases {
    static func run(_ phase: CheckpointPhase, _ step: PhaseStep, _ context: RepetitionContext, _ ledger: inout MeasurementLedger) -> Int {
        let bucket = context.bucket
        switch phase {
        case .cursor(let cursor):
            let ids = cursor.vbuckets ?? Array(0..<bucket.numVBuckets)
            switch cursor.action {
            case .register(let seqno): return bucket.registerCursor(name: cursor.name, lastSeqno: Int64(seqno), vbuckets: ids).count
            case .advance(let items): return bucket.advanceCursor(name: cursor.name, by: items, vbuckets: ids)
            }
        case .expel(let baseline):
            let expelled = expel(baseline: baseline, context, &ledger)
            ledger.mark("expel", at: context.clock.seconds)
            return expelled
        case .snapshot(let label):
            snapshot(label, context, &ledger)
            ledger.mark(label, at: context.clock.seconds)
            return 0
        case .newCheckpoint:
            bucket.createNewCheckpoints()
            return 0
        }
    }

    /// Expel on every vBucket, measured twice: the engine's own accounting, and the bytes this
    /// thread released inside the call (its own allocator counters: expel frees on the calling
    /// thread, and no other thread's work can enter the figure). Removed checkpoints are freed
    /// first, outside the window.
    private static func expel(baseline: Bool, _ context: RepetitionContext, _ ledger: inout MeasurementLedger) -> Int {
        let bucket = context.bucket
        bucket.destroyPendingCheckpoints()
        let before = ThreadAllocations.current
        let started = OperationLatencies.now()
        let result = bucket.expelAll()
        let elapsed = OperationLatencies.now() - started
        let freed = ThreadAllocations.current.freed(since: before)
        ledger.expel.result = ledger.expel.result + result
        ledger.expel.allocatorFreed += freed
        ledger.expel.nanoseconds += elapsed
        ledger.expel.phases += 1
        if baseline && result.count > 0 {
            let valueBytes = result.valueMemory / result.count - ValueBlob.headerSize
            let seconds = ExpelBaseline.releaseSeconds(count: result.count, key: context.workload.dataset.keyPattern.key(0),
                                                       valueBytes: valueBytes, vbuckets: bucket.numVBuckets)
            ledger.expel.baseline.add(items: result.count, seconds: seconds)
        }
        return result.count
    }

    /// Removed checkpoints are destroyed first, so the allocator figure does not depend on
    /// whether the destroyer task has run yet.
    private static func snapshot(_ label: String, _ context: RepetitionContext, _ ledger: inout MeasurementLedger) {
        let bucket = context.bucket
        bucket.destroyPendingCheckpoints()
        ledger.record(Metrics.checkpointMemoryAt, Double(bucket.checkpointMemory.total), label)
        ledger.record(Metrics.checkpointItemsAt, Double(bucket.checkpointItems), label)
        if ledger.domainFigures(context) { ledger.record(Metrics.primaryAllocatedAt, Double(context.baseline.since(.primary)), label) }
    }

    /// End of the run: what the expel phases removed, by the engine's account and the allocator's.
    static func finish(_ context: RepetitionContext, _ ledger: inout MeasurementLedger) {
        let expel = ledger.expel
        guard expel.phases > 0 else { return }
        ledger.record(Metrics.itemsExpelled, Double(expel.result.count))
        ledger.record(Metrics.engineFreedByExpel, Double(expel.result.memory))
        if context.domainCounters { ledger.record(Metrics.allocatorFreedByExpel, Double(expel.allocatorFreed)) }
    }

    /// ep-engine's budget for a queued mutation whose value is shared with the hash table.
    static func checkpointBudget(keyLength: Int) -> Int { 150 + 2 * keyLength }

    /// `perf/`: expel's speed against its baseline, and the bytes per expelled item by the
    /// engine's estimate and by the allocator, against each other and against ep-engine's budget.
    static func finishPerformance(_ context: RepetitionContext, _ ledger: inout MeasurementLedger) {
        let expel = ledger.expel
        guard expel.result.count > 0 else { return }
        let items = Double(expel.result.count)
        if expel.nanoseconds > 0 {
            let rate = items / (Double(expel.nanoseconds) / 1e9)
            ledger.record(Metrics.expelRate, rate)
            if let baseline = expel.baseline.rate {
                ledger.record(Metrics.expelBaselineRate, baseline)
                ledger.record(Metrics.expelBaselineRatio, rate / baseline)
            }
        }
        let engineBytes = Double(expel.result.memory - expel.result.valueMemory) / items
        ledger.record(Metrics.expelledKeyBytes, Double(expel.result.keyBytes) / items)
        ledger.record(Metrics.engineBytesPerItem, engineBytes)
        guard context.domainCounters else { return }
        let allocatorBytes = Double(expel.allocatorFreed) / items
        let budget = Double(checkpointBudget(keyLength: expel.result.keyBytes / expel.result.count))
        ledger.record(Metrics.allocatorBytesPerItem, allocatorBytes)
        ledger.record(Metrics.allocatorBudgetRatio, allocatorBytes / budget)
        ledger.record(Metrics.engineEstimateRatio, allocatorBytes > 0 ? engineBytes / allocatorBytes : 0)
    }
}
