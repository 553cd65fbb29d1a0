/// Queuing: seqno assignment, dedup in the open checkpoint, meta items and checkpoint creation.
extension CheckpointManager {
    /// Queues a mutation or deletion and returns the queued item with its new seqno. The item keeps
    /// a key of its own (as ep-engine's `Item` does), so what a checkpoint holds is charged to it
    /// and freed with it, however long the hash table keeps the key.
    @discardableResult
    public func queueDirty(key: String, value: ValueBlob?, operation: QueueOperation = .mutation,
                           revSeqno: UInt64, cas: UInt64, flags: UInt32 = 0, expiry: UInt32 = 0) -> QueuedItem {
        precondition(!operation.isMetaItem, "meta items are queued by their own calls")
        let limit = maxSize.value
        return state.withLock { state in
            state.createNewCheckpointIfFull(limit: limit)
            state.highSeqno += 1
            let item = QueuedItem(key: String(copyingStorageOf: key), value: value, bySeqno: state.highSeqno, revSeqno: revSeqno, cas: cas,
                                  flags: flags, expiry: expiry, vbid: state.vbid, operation: operation)
            state.enqueue(item)
            return item
        }
    }

    /// Queues a `set_vbucket_state` meta item (seqno = high seqno + 1, not consumed).
    public func queueSetVBState() {
        state.withLock { state in
            _ = state.openCheckpoint.append(.meta(.setVBucketState, seqno: state.highSeqno + 1, vbid: state.vbid))
        }
    }

    /// Closes the open checkpoint and opens a new one, then removes what that frees.
    public func createNewCheckpoint() {
        state.withLock { state in
            state.createNewCheckpoint()
            state.removeClosedUnreferencedCheckpoints()
        }
    }
}

extension CheckpointManager.State {
    mutating func enqueue(_ item: QueuedItem) {
        let open = openCheckpoint
        guard let old = open.append(item) else { return }
        for (name, cursor) in cursors where cursor.checkpointId == open.id && cursor.position == old {
            cursors[name]?.position = open.position(before: old)
        }
    }

    /// A new checkpoint opens once the open one has reached the size limit and holds at least one mutation.
    mutating func createNewCheckpointIfFull(limit: Int) {
        let open = openCheckpoint
        if open.memoryUsage >= limit && open.numMutations > 0 {
            createNewCheckpoint()
            removeClosedUnreferencedCheckpoints()
        }
    }

    mutating func createNewCheckpoint() {
        let open = openCheckpoint
        open.close(endSeqno: highSeqno + 1, vbid: vbid)
        checkpoints.append(Checkpoint(id: open.id + 1, snapshotStartSeqno: highSeqno + 1, vbid: vbid, counters: counters))
    }
}
