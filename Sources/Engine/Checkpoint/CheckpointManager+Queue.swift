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

    /// Closes the open checkpoint and opens a new one (ep-engine's `createNewCheckpoint`).
    public func createNewCheckpoint() {
        state.withLock { _ = $0.createNewCheckpoint() }
    }

    /// Opens a new checkpoint if the open one has reached the size limit and holds a mutation
    /// (ep-engine's `maybeCreateNewCheckpoint`, recovery's first strategy); returns what the
    /// cursors' moves let go.
    public func createNewCheckpointIfFull(by strategy: CheckpointRecoveryStats.Strategy? = nil) -> CheckpointRemoval {
        let limit = maxSize.value
        return state.withLock { $0.createNewCheckpointIfFull(limit: limit, by: strategy) }
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
    @discardableResult
    mutating func createNewCheckpointIfFull(limit: Int, by strategy: CheckpointRecoveryStats.Strategy? = nil) -> CheckpointRemoval {
        let open = openCheckpoint
        guard open.memoryUsage >= limit && open.numMutations > 0 else { return CheckpointRemoval() }
        return createNewCheckpoint(by: strategy)
    }

    /// Closes the open checkpoint with `checkpoint_end` and opens the next. Every cursor at the
    /// end of a closed checkpoint — on its last item, or on `checkpoint_end` — moves to the next
    /// checkpoint's dummy (ep-engine's `addNewCheckpoint`), so the checkpoint it leaves can be
    /// removed whole rather than expelled item by item; what becomes unreferenced is removed.
    @discardableResult
    mutating func createNewCheckpoint(by strategy: CheckpointRecoveryStats.Strategy? = nil) -> CheckpointRemoval {
        let open = openCheckpoint
        open.close(endSeqno: highSeqno + 1, vbid: vbid)
        checkpoints.append(Checkpoint(id: open.id + 1, snapshotStartSeqno: highSeqno + 1, vbid: vbid, counters: counters))
        for (name, cursor) in cursors {
            let current = checkpoint(id: cursor.checkpointId)
            guard current.state == .closed else { continue }
            let next = current.position(after: cursor.position)
            if next == nil || current.item(at: next!)?.operation == .checkpointEnd {
                current.numCursors -= 1
                checkpoint(id: current.id + 1).numCursors += 1
                cursors[name] = CheckpointCursor(name: name, checkpointId: current.id + 1, position: 0, droppable: cursor.droppable)
            }
        }
        return removeClosedUnreferencedCheckpoints(by: strategy)
    }
}
