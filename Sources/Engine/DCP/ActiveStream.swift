import DequeModule
import Locking

/// One vBucket's stream on a producer (ep-engine's `ActiveStream`). It registers a checkpoint
/// cursor at the requested start; if memory no longer holds what comes next (`tryBackfill`) it
/// first backfills that range from disk, then follows its cursor in memory. A dropped cursor
/// sends it back to disk from the last seqno it read. Items wait in the ready queue until the
/// connection's front-end thread sends them. Thread-safe.
final class ActiveStream: Sendable {
    enum Phase: Equatable, Sendable {
        case backfilling
        case inMemory
        case dead
    }

    struct State: Sendable {
        var phase: Phase = .inMemory
        var readyQueue: Deque<ReadyItem> = []
        /// Highest mutation/deletion seqno put on the ready queue.
        var lastReadSeqno: Int64
        var endSent = false
    }

    /// A queued message and whether it came from a backfill (which charges the backfill buffer).
    struct ReadyItem: Sendable {
        var message: DcpMessage
        var fromBackfill: Bool
    }

    let vbid: UInt16
    let cursorName: String
    let endSeqno: Int64
    let state: LockedValue<State>

    init(vbid: UInt16, producer: String, startSeqno: Int64, endSeqno: Int64) {
        self.vbid = vbid
        cursorName = Self.cursorNamePrefix(producer: producer) + String(vbid)
        self.endSeqno = endSeqno
        state = LockedValue(State(lastReadSeqno: startSeqno))
    }

    /// ep-engine's cursor names: `eq_dcpq:<producer>:<vbid>`.
    static func cursorNamePrefix(producer: String) -> String { "eq_dcpq:\(producer):" }

    var phase: Phase { state.withLock { $0.phase } }

    /// Registers the cursor at the last seqno read; returns the disk range to backfill, if any.
    func registerCursor(_ manager: CheckpointManager) -> ClosedRange<Int64>? {
        let last = state.withLock { $0.lastReadSeqno }
        let registration = manager.registerCursor(name: cursorName, lastSeqno: last, droppable: true)
        let backfillEnd = min(endSeqno, registration.nextSeqno - 1)
        guard registration.tryBackfill, last + 1 <= backfillEnd else {
            state.withLock { if $0.phase != .dead { $0.phase = .inMemory } }
            return nil
        }
        state.withLock { if $0.phase != .dead { $0.phase = .backfilling } }
        return (last + 1)...backfillEnd
    }

    /// Called by the backfill as it reads: a marker, then the documents of the range, in batches.
    func pushBackfilled(_ messages: [DcpMessage]) {
        state.withLock { state in
            guard state.phase != .dead else { return }
            for message in messages {
                if let seqno = message.seqno { state.lastReadSeqno = max(state.lastReadSeqno, seqno) }
                state.readyQueue.append(ReadyItem(message: message, fromBackfill: true))
            }
        }
    }

    func backfillComplete(range: ClosedRange<Int64>) {
        state.withLock { state in
            guard state.phase == .backfilling else { return }
            state.lastReadSeqno = max(state.lastReadSeqno, range.upperBound)
            state.phase = .inMemory
        }
    }

    /// Moves items from the cursor to the ready queue (in-memory phase), each checkpoint's items
    /// behind a snapshot marker. Returns false when the cursor is gone (dropped) and the stream
    /// must backfill again.
    func fillFromCheckpoints(_ manager: CheckpointManager, limit: Int) -> Bool {
        // Keep the ready queue short: a slow consumer must leave items in the checkpoints,
        // where memory recovery can see them, not in a private queue.
        guard state.withLock({ $0.phase == .inMemory && $0.readyQueue.count < limit }) else { return true }
        guard manager.hasCursor(name: cursorName) else { return false }
        let items = manager.getItemsForCursor(name: cursorName, limit: limit)
        state.withLock { state in
            var group: [QueuedItem] = []
            func flush() {
                guard let first = group.first, let last = group.last else { return }
                state.readyQueue.append(ReadyItem(message: .snapshotMarker(vbid: vbid, start: first.bySeqno, end: last.bySeqno, fromDisk: false),
                                                  fromBackfill: false))
                for item in group {
                    let message: DcpMessage = item.operation == .deletion
                        ? .deletion(vbid: vbid, key: item.key, bySeqno: item.bySeqno, revSeqno: item.revSeqno)
                        : .mutation(vbid: vbid, key: item.key, value: item.value, bySeqno: item.bySeqno, revSeqno: item.revSeqno)
                    state.readyQueue.append(ReadyItem(message: message, fromBackfill: false))
                }
                state.lastReadSeqno = last.bySeqno
                group = []
            }
            for item in items {
                if item.isMetaItem {
                    if item.operation == .checkpointEnd || item.operation == .checkpointStart { flush() }
                    continue
                }
                // Seqnos already sent (before a re-registration) and beyond the end are skipped.
                guard item.bySeqno <= endSeqno, item.bySeqno > (group.last?.bySeqno ?? state.lastReadSeqno) else { continue }
                group.append(item)
            }
            flush()
        }
        return true
    }

    /// Up to `limit` messages totalling at most `budget` bytes (at least one, so that an item
    /// larger than the budget still goes), ending with stream-end once the end seqno is reached.
    func next(budget: Int, limit: Int) -> [ReadyItem] {
        state.withLock { state in
            var batch: [ReadyItem] = []
            var bytes = 0
            while batch.count < limit, let first = state.readyQueue.first {
                if !batch.isEmpty && bytes + first.message.size > budget { break }
                bytes += first.message.size
                batch.append(state.readyQueue.removeFirst())
            }
            if state.readyQueue.isEmpty, state.phase != .dead, state.lastReadSeqno >= endSeqno, !state.endSent {
                state.endSent = true
                state.phase = .dead
                batch.append(ReadyItem(message: .streamEnd(vbid: vbid), fromBackfill: false))
            }
            return batch
        }
    }

    /// Ends the stream and drops what it still queued.
    func markDead() {
        state.withLock { state in
            state.phase = .dead
            state.readyQueue = []
        }
    }
}
