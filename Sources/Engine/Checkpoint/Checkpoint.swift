import DequeModule

/// One checkpoint: `[dummy, checkpoint_start, items…, checkpoint_end (closed only)]`.
///
/// Positions are absolute and never reused: the dummy is 0, `checkpoint_start` is 1 and queued
/// items follow from 2. Expel pops items from the front (raising `firstItemPosition`) and dedup
/// leaves a hole (`nil`), so cursor and key-index positions stay valid without remapping.
///
/// Not thread-safe: only `CheckpointManager`, under its lock, touches a checkpoint.
final class Checkpoint {
    enum State { case open, closed }

    let id: UInt64
    private(set) var state: State = .open
    /// The first seqno this checkpoint can hold (the vBucket's high seqno + 1 at creation).
    let snapshotStartSeqno: Int64
    /// Highest mutation seqno queued here; `snapshotStartSeqno - 1` while there is none.
    private(set) var highSeqno: Int64
    /// Lowest seqno still in memory here: moves past expelled items.
    private(set) var firstAvailableSeqno: Int64

    let dummy: QueuedItem
    let start: QueuedItem
    private(set) var items: Deque<QueuedItem?> = []
    private(set) var firstItemPosition = 2

    /// Key → position of the key's latest version here (not live once before `firstItemPosition`).
    /// Entries are never erased before the checkpoint is destroyed, as in ep-engine, and their
    /// keys are the index's own: sharing an item's key would keep its bytes alive past expel.
    private var keyIndex: [String: Int] = [:]

    private(set) var numMutations = 0
    private(set) var numMetaItems = 0
    var numCursors = 0
    /// The recovery strategy that removed this checkpoint, if one did (the destroyer credits it).
    var removedBy: CheckpointRecoveryStats.Strategy?

    /// Items as ep-engine's `getNumItems` counts them: mutations, meta items and `checkpoint_start`
    /// (the dummy is not counted).
    var numItems: Int { numMutations + numMetaItems + 1 }

    private(set) var queuedItemsMemory = 0
    private(set) var queueOverheadMemory = 0
    private(set) var keyIndexMemory = 0
    /// Value bytes inside `queuedItemsMemory`.
    private(set) var valueMemory = 0
    /// Where every change of this checkpoint's memory is also published, bucket-wide.
    private let counters: EngineMemoryCounters

    init(id: UInt64, snapshotStartSeqno: Int64, vbid: UInt16, counters: EngineMemoryCounters) {
        self.id = id
        self.counters = counters
        self.snapshotStartSeqno = snapshotStartSeqno
        self.highSeqno = snapshotStartSeqno - 1
        self.firstAvailableSeqno = snapshotStartSeqno
        dummy = .meta(.empty, seqno: snapshotStartSeqno, vbid: vbid)
        start = .meta(.checkpointStart, seqno: snapshotStartSeqno, vbid: vbid)
        account(dummy)
        account(start)
    }

    var memoryUsage: Int { queuedItemsMemory + queueOverheadMemory + keyIndexMemory }

    /// Position of the last element (1 when nothing follows `checkpoint_start`).
    var lastPosition: Int { items.isEmpty ? max(1, firstItemPosition - 1) : firstItemPosition + items.count - 1 }

    func item(at position: Int) -> QueuedItem? {
        switch position {
        case 0: return dummy
        case 1: return start
        case firstItemPosition...: 
            let index = position - firstItemPosition
            return index < items.count ? items[index] : nil
        default: return nil
        }
    }

    /// The next present position after `position`, skipping expelled and deduplicated slots.
    func position(after position: Int) -> Int? {
        var next = position + 1
        if next >= 2 && next < firstItemPosition { next = firstItemPosition }
        while next <= lastPosition {
            if item(at: next) != nil { return next }
            next += 1
        }
        return nil
    }

    /// The nearest present position before `position` (at worst `checkpoint_start`).
    func position(before position: Int) -> Int {
        var previous = position - 1
        while previous >= firstItemPosition {
            if item(at: previous) != nil { return previous }
            previous -= 1
        }
        return min(previous, 1)
    }

    /// Whether the next present element after `position` has the same seqno (a meta item and
    /// the mutation that follows it share one: expel takes all of a seqno or none).
    func nextSharesSeqno(after position: Int) -> Bool {
        guard let next = self.position(after: position), let current = item(at: position), let following = item(at: next) else { return false }
        return following.bySeqno == current.bySeqno
    }

    /// Position of the present item with the largest seqno ≤ `seqno`, if any mutation qualifies.
    func lastPosition(atOrBefore seqno: Int64) -> Int? {
        var found: Int?
        for (offset, item) in items.enumerated() {
            guard let item, !item.isMetaItem else { continue }
            if item.bySeqno > seqno { break }
            found = firstItemPosition + offset
        }
        return found
    }

    /// Appends a mutation, deletion or meta item. A mutation or deletion replaces the live
    /// version of its key here, if any (dedup, leaving a hole); returns that version's position.
    /// The key index is visited once per append: looking the key up and then writing it hashed
    /// it twice, on every front-end write.
    @discardableResult
    func append(_ item: QueuedItem) -> Int? {
        precondition(state == .open, "queue into a closed checkpoint")
        let position = firstItemPosition + items.count
        items.append(item)
        account(item)
        guard !item.isMetaItem else {
            numMetaItems += 1
            return nil
        }
        numMutations += 1
        highSeqno = item.bySeqno
        // A key of up to 15 bytes is inline: the index can take the item's without sharing any
        // storage, in one visit. A longer one gets a copy of its own when it is new here.
        if QueuedItem.keyHeapBytes(item.key) > 0, keyIndex[item.key] == nil {
            keyIndex[String(copyingStorageOf: item.key)] = Self.neverIndexed
        }
        return replaceLiveVersion(indexedAt: &keyIndex[item.key, default: Self.neverIndexed], with: position, key: item.key)
    }

    private static let neverIndexed = Int.min

    /// Points a key-index entry at `position`, removing the version it pointed at if that one is
    /// still live (a position before `firstItemPosition` was expelled). Returns that version's position.
    private func replaceLiveVersion(indexedAt entry: inout Int, with position: Int, key: String) -> Int? {
        defer { entry = position }
        if entry == Self.neverIndexed {
            let size = CheckpointMemory.keyIndexEntrySize(key)
            keyIndexMemory += size
            counters.addCheckpoint(size, values: 0)
            return nil
        }
        guard entry >= firstItemPosition, let old = items[entry - firstItemPosition] else { return nil }
        items[entry - firstItemPosition] = nil
        account(slots: 0, itemBytes: -old.size, values: -old.valueSize)
        numMutations -= 1
        return entry
    }

    /// Closes the checkpoint with `checkpoint_end`.
    func close(endSeqno: Int64, vbid: UInt16) {
        precondition(state == .open)
        let end = QueuedItem.meta(.checkpointEnd, seqno: endSeqno, vbid: vbid)
        items.append(end)
        account(end)
        numMetaItems += 1
        state = .closed
    }

    /// Removes every element from the first item up to and including `lastPosition`. Key-index
    /// entries of expelled mutations stay; a position before `firstItemPosition` is no longer
    /// live (see `replaceLiveVersion`). The accounting is summed and published once per call, and the
    /// elements go in one `removeFirst`: per-item counter updates, key-index writes and pops were
    /// most of expel's time in a CPU profile of perf-checkpoint-cost.
    func expel(through lastPosition: Int) -> ExpelResult {
        let span = min(max(0, lastPosition - firstItemPosition + 1), items.count)
        var count = 0
        var itemBytes = 0
        var values = 0
        var keyBytes = 0
        for index in 0..<span {
            guard let item = items[index] else { continue }
            // Released at the end of this iteration, while it is still in cache: one visit per
            // item instead of one for accounting and another for `removeFirst`.
            items[index] = nil
            count += 1
            itemBytes += item.size
            values += item.valueSize
            keyBytes += item.key.utf8.count
            if item.isMetaItem {
                numMetaItems -= 1
            } else {
                numMutations -= 1
                firstAvailableSeqno = max(firstAvailableSeqno, item.bySeqno + 1)
            }
        }
        items.removeFirst(span)
        if span >= items.count {
            // A deque never shrinks: copying the (fewer) remaining slots into a buffer of their own
            // frees the expelled slots' memory as ep-engine's list frees its nodes, at a cost no
            // larger than the expel itself.
            var remaining = Deque<QueuedItem?>(minimumCapacity: items.count)
            remaining.append(contentsOf: items)
            items = remaining
        }
        firstItemPosition += span
        account(slots: -span, itemBytes: -itemBytes, values: -values)
        return ExpelResult(count: count, memory: itemBytes + span * slotOverhead, valueMemory: values, keyBytes: keyBytes)
    }

    /// Takes this checkpoint's memory out of the bucket-wide totals; called once, when it is removed.
    func release() {
        counters.addCheckpoint(-memoryUsage, values: -valueMemory)
    }

    /// What one queue slot costs beyond its item.
    private var slotOverhead: Int { CheckpointMemory.queueElementOverhead + counters.extraCheckpointBytesPerItem }

    /// An element appended in a slot of its own.
    private func account(_ item: QueuedItem) {
        account(slots: 1, itemBytes: item.size, values: item.valueSize)
    }

    /// Adds (or, negative, removes) slots and items to this checkpoint's memory and the bucket's totals.
    private func account(slots: Int, itemBytes: Int, values: Int) {
        let overhead = slots * slotOverhead
        queuedItemsMemory += itemBytes
        queueOverheadMemory += overhead
        valueMemory += values
        counters.addCheckpoint(itemBytes + overhead, values: values)
    }
}
