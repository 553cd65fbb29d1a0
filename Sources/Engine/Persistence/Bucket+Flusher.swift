#if canImport(Glibc)
import Glibc
#endif
import MemoryTracking

/// The flushers (ep-engine's `Flusher`, one per shard): each takes what lies after its vBuckets'
/// persistence cursors, keeps each key's latest version, writes the batch in one transaction,
/// marks the records clean and advances the persisted seqno. Moving the cursor lets closed
/// checkpoints be removed. Shards flush concurrently, each on its own SQLite file.
extension Bucket {
    /// One pass over shard `shard`'s vBuckets; returns whether anything was written. Meta items
    /// alone (a closed checkpoint's end) also move the cursor, so closed checkpoints can go.
    func flushOnce(shard: Int) -> Bool {
        guard let store, !persistenceStopped.load(ordering: .relaxed) else { return false }
        var wrote = false
        for vbucket in allVBuckets where Int(vbucket.id) % configuration.maxNumShards == shard {
            let read = vbucket.checkpointManager.getItemsForPersistence(name: Self.persistenceCursor, limit: configuration.flushBatchSize)
            var latest: [String: QueuedItem] = [:]
            var highest = vbucket.persistedSeqno
            for item in read where !item.isMetaItem {
                latest[item.key] = item
                highest = max(highest, item.bySeqno)
            }
            guard !latest.isEmpty else {
                vbucket.checkpointManager.persistenceCommitted()
                continue
            }
            let batch = latest.values.sorted { $0.bySeqno < $1.bySeqno }
            let started = MonotonicClock.now
            var backoff: UInt32 = 10_000
            while true {
                do throws(StorageError) {
                    try store.commit(vbid: vbucket.id, documents: batch, persistedSeqno: highest)
                    break
                } catch {
                    // The cursor has moved past these items, so the batch is retried until it
                    // lands: dropping it would lose acknowledged mutations, and moving on to a
                    // later batch of this vBucket would reorder them.
                    stats.flushErrors.add(1, ordering: .relaxed)
                    taskFailures.record(task: "Flusher", "vb \(vbucket.id): \(error)")
                    if stopping.load(ordering: .relaxed) { return wrote }
                    usleep(backoff)
                    backoff = min(backoff * 2, 500_000)
                }
            }
            stats.flushNanoseconds.add(Int((MonotonicClock.now - started) * 1e9), ordering: .relaxed)
            stats.itemsFlushed.add(batch.count, ordering: .relaxed)
            stats.flushBatches.add(1, ordering: .relaxed)
            vbucket.markClean(batch)
            vbucket.setPersistedSeqno(highest)
            vbucket.checkpointManager.persistenceCommitted()
            wrote = true
        }
        return wrote
    }

    /// ep-engine's `stop_persistence`: the flusher writes nothing until `startPersistence()`.
    public func stopPersistence() { persistenceStopped.store(true, ordering: .relaxed) }

    public func startPersistence() {
        persistenceStopped.store(false, ordering: .relaxed)
        wakeFlushers()
    }

    /// Mutations not yet persisted, summed over vBuckets (seqno distance).
    public var persistenceLag: Int {
        guard store != nil else { return 0 }
        return allVBuckets.reduce(0) { $0 + Int($1.checkpointManager.highSeqno - $1.persistedSeqno) }
    }

    /// True when every vBucket's persisted seqno has reached its high seqno.
    public var isFullyPersisted: Bool {
        allVBuckets.allSatisfy { $0.persistedSeqno >= $0.checkpointManager.highSeqno }
    }

    /// Blocks until everything written so far is on disk, or `timeout` seconds pass. Returns
    /// whether it got there. A bucket without a store is never persisted.
    public func waitForPersistence(timeout: Double) -> Bool {
        guard store != nil else { return false }
        let deadline = MonotonicClock.now + timeout
        while !isFullyPersisted {
            if MonotonicClock.now > deadline { return false }
            usleep(1000)
        }
        return true
    }
}
