/// Cursors: registration by seqno, reading (advance, then read), removal.
extension CheckpointManager {
    /// Registers (or re-registers) cursor `name` for a reader that already has every seqno up to
    /// and including `lastSeqno`.
    @discardableResult
    public func registerCursor(name: String, lastSeqno: Int64, droppable: Bool = true) -> CursorRegistration {
        let owned = String(copyingStorageOf: name)
        return state.withLock { $0.registerCursor(name: owned, lastSeqno: lastSeqno, droppable: droppable) }
    }

    /// Removes the cursor; returns false when there was none of that name.
    @discardableResult
    public func removeCursor(name: String) -> Bool {
        state.withLock { state in
            guard let cursor = state.cursors.removeValue(forKey: name) else { return false }
            state.checkpoint(id: cursor.checkpointId).numCursors -= 1
            state.removeClosedUnreferencedCheckpoints()
            return true
        }
    }

    public var cursorNames: [String] { state.withLock { Array($0.cursors.keys).sorted() } }

    public func hasCursor(name: String) -> Bool { state.withLock { $0.cursors[name] != nil } }

    /// Reads up to `limit` elements after the cursor (meta items included, dummies excluded) and
    /// moves the cursor onto the last one read.
    public func getItemsForCursor(name: String, limit: Int = .max) -> [QueuedItem] {
        state.withLock { state in
            var items: [QueuedItem] = []
            state.advanceCursor(name: name, limit: limit) { items.append($0) }
            return items
        }
    }

    /// Moves the cursor past up to `count` elements without returning them; returns how many it passed.
    @discardableResult
    public func advanceCursor(name: String, by count: Int) -> Int {
        state.withLock { state in
            var passed = 0
            state.advanceCursor(name: name, limit: count) { _ in passed += 1 }
            return passed
        }
    }

    /// Elements the cursor has not read yet (meta items included).
    public func numItemsForCursor(name: String) -> Int {
        state.withLock { $0.numItemsForCursor(name: name) }
    }

    /// The element the cursor stands on (its last processed one), for inspection.
    public func cursorItem(name: String) -> QueuedItem? {
        state.withLock { state in
            state.cursors[name].flatMap { state.checkpoint(id: $0.checkpointId).item(at: $0.position) }
        }
    }
}

extension CheckpointManager.State {
    mutating func registerCursor(name: String, lastSeqno: Int64, droppable: Bool) -> CursorRegistration {
        if let old = cursors.removeValue(forKey: name) {
            checkpoint(id: old.checkpointId).numCursors -= 1
        }
        // The oldest checkpoint that still holds something after lastSeqno, else the open one.
        let target = checkpoints.first { $0.state == .open || $0.highSeqno > lastSeqno } ?? openCheckpoint
        let position = target.lastPosition(atOrBefore: lastSeqno) ?? 0
        cursors[name] = CheckpointCursor(name: name, checkpointId: target.id, position: position, droppable: droppable)
        target.numCursors += 1
        removeClosedUnreferencedCheckpoints()

        let firstAvailable = checkpoints[0].firstAvailableSeqno
        return CursorRegistration(tryBackfill: lastSeqno + 1 < firstAvailable,
                                  nextSeqno: max(lastSeqno + 1, firstAvailable))
    }

    mutating func advanceCursor(name: String, limit: Int, visit: (QueuedItem) -> Void) {
        guard var cursor = cursors[name] else { return }
        var current = checkpoint(id: cursor.checkpointId)
        var read = 0
        while read < limit {
            if let next = current.position(after: cursor.position) {
                cursor.position = next
                let item = current.item(at: next)!
                visit(item)
                read += 1
                if item.operation == .checkpointEnd { moveToNextCheckpoint(&cursor, from: &current) }
            } else if current.state == .closed {
                moveToNextCheckpoint(&cursor, from: &current)
            } else {
                break
            }
        }
        cursors[name] = cursor
        removeClosedUnreferencedCheckpoints()
    }

    /// A cursor that has processed `checkpoint_end` stands on the next checkpoint's dummy, so
    /// that the closed checkpoint becomes unreferenced.
    private func moveToNextCheckpoint(_ cursor: inout CheckpointCursor, from current: inout Checkpoint) {
        let next = checkpoint(id: current.id + 1)
        current.numCursors -= 1
        next.numCursors += 1
        cursor.checkpointId = next.id
        cursor.position = 0
        current = next
    }

    func numItemsForCursor(name: String) -> Int {
        guard let cursor = cursors[name] else { return 0 }
        var remaining = 0
        for checkpoint in checkpoints where checkpoint.id >= cursor.checkpointId {
            var position = checkpoint.id == cursor.checkpointId ? cursor.position : 0
            while let next = checkpoint.position(after: position) {
                remaining += 1
                position = next
            }
        }
        return remaining
    }

    /// The cursor furthest behind: minimum by (checkpoint id, position).
    var lowestCursor: CheckpointCursor? {
        cursors.values.min { ($0.checkpointId, $0.position) < ($1.checkpointId, $1.position) }
    }
}
