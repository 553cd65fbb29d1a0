/// The engine's checkpoint-memory estimate, split as ep-engine splits it. This is what the
/// engine believes; the runner reports the allocator's figure beside it.
public struct CheckpointMemory: Sendable, Equatable {
    /// Σ `QueuedItem.size` over present elements, meta items included.
    public var queuedItems: Int
    /// `queueElementOverhead` per present element.
    public var queueOverhead: Int
    /// `key + keyIndexEntryOverhead` per unique key ever queued in a live checkpoint.
    public var keyIndex: Int

    public init(queuedItems: Int = 0, queueOverhead: Int = 0, keyIndex: Int = 0) {
        self.queuedItems = queuedItems
        self.queueOverhead = queueOverhead
        self.keyIndex = keyIndex
    }

    public var total: Int { queuedItems + queueOverhead + keyIndex }

    /// The per-element cost of the queue itself: one 8-byte reference in the checkpoint's deque
    /// (ep-engine's std::list node is 24 B; charging that made the estimate 1.45 × what the
    /// allocator freed on expel). Expel gives the slots back (see `Checkpoint.expel`).
    public static let queueElementOverhead = 8
    /// Beyond the key's bytes, what one key-index entry is charged.
    public static let keyIndexEntryOverhead = 8

    public static func keyIndexEntrySize(keyLength: Int) -> Int { keyLength + keyIndexEntryOverhead }

    public static func + (lhs: CheckpointMemory, rhs: CheckpointMemory) -> CheckpointMemory {
        CheckpointMemory(queuedItems: lhs.queuedItems + rhs.queuedItems,
                         queueOverhead: lhs.queueOverhead + rhs.queueOverhead,
                         keyIndex: lhs.keyIndex + rhs.keyIndex)
    }
}
