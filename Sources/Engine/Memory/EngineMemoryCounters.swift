import Synchronization

/// Bucket-wide running totals of the engine's own memory accounting, updated by the hash table
/// and every checkpoint as they change (one relaxed atomic add each), so that quota and
/// checkpoint-memory checks cost one load instead of a walk over every vBucket.
/// Any thread may read or update.
public final class EngineMemoryCounters: Sendable {
    /// Σ `StoredValue` footprint (metadata + key + resident value).
    let hashTableBytes = Atomic<Int>(0)
    /// The value bytes included in `hashTableBytes`.
    let hashTableValueBytes = Atomic<Int>(0)
    /// Σ checkpoint memory estimate (queued items + queue overhead + key indexes).
    let checkpointBytes = Atomic<Int>(0)
    /// The value bytes included in `checkpointBytes` (shared with the hash table when current).
    let checkpointValueBytes = Atomic<Int>(0)
    /// Removed checkpoints awaiting the destroyer task, values included as ep-engine counts them
    /// (see `CheckpointDestroyer`).
    let checkpointPendingDestructionBytes = Atomic<Int>(0)
    /// The value bytes included in `checkpointPendingDestructionBytes`.
    let checkpointPendingDestructionValueBytes = Atomic<Int>(0)

    /// Test only (see `BucketConfiguration.testExtraCheckpointBytesPerItem`).
    let extraCheckpointBytesPerItem: Int
    /// Whose value blobs are this bucket's (see `ValueOwner`).
    public let valueOwner = ValueOwner.make()

    public init(extraCheckpointBytesPerItem: Int = 0) {
        self.extraCheckpointBytesPerItem = extraCheckpointBytesPerItem
    }

    public var hashTable: Int { hashTableBytes.load(ordering: .relaxed) }
    public var hashTableValues: Int { hashTableValueBytes.load(ordering: .relaxed) }
    /// Bytes of this bucket's value blobs alive now, wherever they are held (each counted once).
    public var liveValues: Int { valueOwner.liveBytes }
    public var checkpoint: Int { checkpointBytes.load(ordering: .relaxed) }
    public var checkpointValues: Int { checkpointValueBytes.load(ordering: .relaxed) }
    public var checkpointPendingDestruction: Int { checkpointPendingDestructionBytes.load(ordering: .relaxed) }
    public var checkpointPendingDestructionValues: Int { checkpointPendingDestructionValueBytes.load(ordering: .relaxed) }

    func addHashTable(_ delta: Int, values: Int) {
        if delta != 0 { hashTableBytes.add(delta, ordering: .relaxed) }
        if values != 0 { hashTableValueBytes.add(values, ordering: .relaxed) }
    }

    func addCheckpoint(_ delta: Int, values: Int) {
        if delta != 0 { checkpointBytes.add(delta, ordering: .relaxed) }
        if values != 0 { checkpointValueBytes.add(values, ordering: .relaxed) }
    }

    func addPendingDestruction(_ delta: Int, values: Int) {
        if delta != 0 { checkpointPendingDestructionBytes.add(delta, ordering: .relaxed) }
        if values != 0 { checkpointPendingDestructionValueBytes.add(values, ordering: .relaxed) }
    }
}
