/// The engine's checkpoint-memory estimate, split as ep-engine splits it. This is what the
/// engine believes; the runner reports the allocator's figure beside it.
public struct CheckpointMemory: Sendable, Equatable {
    /// Σ `QueuedItem.size` over present elements, meta items included.
    public var queuedItems: Int
    /// `queueElementOverhead` per slot of the queue: present elements and the holes dedup leaves.
    public var queueOverhead: Int
    /// `keyIndexEntrySize` per unique key ever queued in a live checkpoint.
    public var keyIndex: Int

    public init(queuedItems: Int = 0, queueOverhead: Int = 0, keyIndex: Int = 0) {
        self.queuedItems = queuedItems
        self.queueOverhead = queueOverhead
        self.keyIndex = keyIndex
    }

    public var total: Int { queuedItems + queueOverhead + keyIndex }

    /// The per-slot cost of the queue itself: one 8-byte reference in the checkpoint's deque
    /// (ep-engine's std::list node is 24 B; charging that made the estimate 1.45 × what the
    /// allocator freed on expel). A slot dedup empties stays until expel or removal gives the
    /// slots back (see `Checkpoint.expel`), so it stays charged.
    public static let queueElementOverhead = 8
    /// What one key-index entry costs beyond a heap key's bytes: a `[String: Int]` entry is a
    /// 16-byte string and an 8-byte position, in a table kept at most three quarters full.
    public static let keyIndexEntryOverhead = 32

    /// One key-index entry: the table's share, and the index's own copy of a key longer than 15
    /// bytes (`QueuedItem.keyHeapBytes`), as ep-engine's index keeps its own key.
    public static func keyIndexEntrySize(_ key: String) -> Int { keyIndexEntryOverhead + QueuedItem.keyHeapBytes(key) }

    public static func + (lhs: CheckpointMemory, rhs: CheckpointMemory) -> CheckpointMemory {
        CheckpointMemory(queuedItems: lhs.queuedItems + rhs.queuedItems,
                         queueOverhead: lhs.queueOverhead + rhs.queueOverhead,
                         keyIndex: lhs.keyIndex + rhs.keyIndex)
    }
}
