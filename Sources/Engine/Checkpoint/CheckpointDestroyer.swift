import Locking
import MemoryTracking
import Synchronization

/// Takes removed checkpoints off the front-end path (ep-engine's `CheckpointDestroyerTask`): a
/// manager hands over each checkpoint it removes, and a nonIO task deallocates them — every
/// queued item, its share of the value blobs and the key index. Deallocating a closed checkpoint
/// inline was 9% of a front-end set in a CPU profile of perf-frontend-ops, paid while holding the
/// checkpoint manager's lock.
///
/// A removed checkpoint leaves `ep_checkpoint_memory` at once (it is no longer the vBucket's) but
/// its bytes — values included, as ep-engine counts a checkpoint's memory — stay in the
/// checkpoint memory state and in `mem_used` until destroyed, as in ep-engine
/// (`Bucket.checkpointMemoryPendingDestruction`, ep-engine's
/// `ep_checkpoint_memory_pending_destruction`, counts them). Thread-safe: managers hand over under their own
/// lock, from any thread; the task and `destroyAll()` may run on any thread, in Primary.
final class CheckpointDestroyer: Sendable {
    private let pending = LockedValue<[Checkpoint]>([])
    /// Held for a whole batch, so that `destroyAll()` returns only once nothing handed over before
    /// the call is still being freed by the task (lock order: destroying → pending).
    private let destroying = LockedValue(())
    private let counters: EngineMemoryCounters
    /// Where the bytes of checkpoints a recovery strategy removed are credited as they are freed.
    private let recovery: CheckpointRecoveryStats
    private let executor: TaskExecutor
    private let wakePending = Atomic<Bool>(false)
    private let task = LockedValue<EngineTask?>(nil)

    init(executor: TaskExecutor, counters: EngineMemoryCounters, recovery: CheckpointRecoveryStats) {
        self.executor = executor
        self.counters = counters
        self.recovery = recovery
    }

    /// Starts the destroyer task. Until this is called, handed-over checkpoints wait for `destroyAll()`.
    func start() {
        let created = EngineTask(name: "CheckpointDestroyerTask", pool: .nonIO) { [weak self] task in
            guard let self else { return false }
            wakePending.store(false, ordering: .relaxed)
            destroyAll()
            task.snooze(3600)
            return true
        }
        task.withLock { $0 = created }
        executor.schedule(created)
    }

    /// Queues `checkpoint`, already released from the checkpoint-memory totals, for destruction.
    func hand(_ checkpoint: Checkpoint) {
        counters.addPendingDestruction(checkpoint.memoryUsage, values: checkpoint.valueMemory)
        pending.withLock { $0.append(checkpoint) }
        guard !wakePending.exchange(true, ordering: .relaxed), let task = task.withLock({ $0 }) else { return }
        executor.wake(task)
    }

    /// Deallocates every checkpoint handed over so far, on the calling thread, after any batch
    /// the task is freeing; returns how many this call freed.
    @discardableResult
    func destroyAll() -> Int {
        destroying.withLock { _ in
            var batch: [Checkpoint] = []
            pending.withLock { swap(&batch, &$0) }
            let bytes = batch.reduce(0) { $0 + $1.memoryUsage }
            let values = batch.reduce(0) { $0 + $1.valueMemory }
            let count = batch.count
            while let strategy = batch.last.map({ $0.removedBy }) {
                // The batch holds the only reference: removing it frees the checkpoint here,
                // within the window, and a recovery strategy that removed it gets the bytes.
                let before = ThreadAllocations.current
                _ = batch.removeLast()
                if let strategy { recovery.recordAllocatorFreed(strategy, Int(ThreadAllocations.current.freed(since: before))) }
            }
            counters.addPendingDestruction(-bytes, values: -values)
            return count
        }
    }
}

extension Bucket {
    /// Removed checkpoints' bytes not yet freed (`ep_checkpoint_memory_pending_destruction`).
    public var checkpointMemoryPendingDestruction: Int { counters.checkpointPendingDestruction }

    /// Destroys every removed checkpoint now, on the calling thread, instead of waiting for the
    /// destroyer task, and waits for a batch the task is freeing: on return every checkpoint
    /// removed before the call is freed. For measurements that must see the allocator settle (the
    /// runner's snapshots; a batch freed by the task inside an expel window made the gate test's
    /// identical runs differ by 3%) and tests. Any thread.
    @discardableResult
    public func destroyPendingCheckpoints() -> Int {
        DomainGuard.run(.primary) { checkpointDestroyers.reduce(0) { $0 + $1.destroyAll() } }
    }
}
