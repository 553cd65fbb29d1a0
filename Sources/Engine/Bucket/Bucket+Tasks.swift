/// Creation and waking of the bucket's background tasks. Task bodies hold the bucket weakly:
/// once the bucket is gone they return false and the executor retires them.
extension Bucket {
    /// How often idle housekeeping tasks look again without being woken.
    static let housekeepingInterval = 0.1

    func startTasks() {
        var created = BucketTasks()
        if store != nil {
            created.flusher = EngineTask(name: "Flusher", pool: .writer) { [weak self] task in
                guard let self else { return false }
                // Cleared before the pass: a write during it sets the flag again and wakes us.
                wakePending.flusher.store(false, ordering: .relaxed)
                if !flushOnce() { task.snooze(Self.housekeepingInterval) }
                return true
            }
            created.backgroundFetcher = EngineTask(name: "BGFetcher", pool: .reader) { [weak self] task in
                guard let self else { return false }
                runBackgroundFetches()
                task.snooze(3600)
                return true
            }
        }
        created.itemPager = EngineTask(name: "ItemPager", pool: .nonIO) { [weak self] task in
            guard let self else { return false }
            wakePending.itemPager.store(false, ordering: .relaxed)
            runItemPager()
            task.snooze(Self.housekeepingInterval)
            return true
        }
        created.checkpointRecovery = EngineTask(name: "CheckpointMemRecoveryTask", pool: .nonIO) { [weak self] task in
            guard let self else { return false }
            wakePending.checkpointRecovery.store(false, ordering: .relaxed)
            recoverCheckpointMemory()
            task.snooze(Self.housekeepingInterval)
            return true
        }
        tasks.withLock { $0 = created }
        checkpointDestroyer.start()
        for task in [created.flusher, created.backgroundFetcher, created.itemPager, created.checkpointRecovery] {
            if let task { executor.schedule(task) }
        }
    }

    /// Called on every write: the first write after the flusher went idle wakes it.
    func wakeFlusher() {
        guard !wakePending.flusher.exchange(true, ordering: .relaxed),
              let task = tasks.withLock({ $0.flusher }) else { return }
        executor.wake(task)
    }

    func wakeItemPager() {
        guard !wakePending.itemPager.exchange(true, ordering: .relaxed),
              let task = tasks.withLock({ $0.itemPager }) else { return }
        executor.wake(task)
    }

    func wakeCheckpointRecovery() {
        guard !wakePending.checkpointRecovery.exchange(true, ordering: .relaxed),
              let task = tasks.withLock({ $0.checkpointRecovery }) else { return }
        executor.wake(task)
    }

    /// Statistics of every task the bucket's executor has run.
    public var taskStats: [TaskStats] { executor.stats }
}
