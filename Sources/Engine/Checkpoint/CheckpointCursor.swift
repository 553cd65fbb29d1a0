/// A reader's place in a vBucket's checkpoints: the last element it has processed. A cursor
/// advances before it reads, which is why every checkpoint starts with a dummy element.
/// `droppable` cursors (DCP) may be removed under memory pressure; the persistence cursor is not.
struct CheckpointCursor {
    let name: String
    var checkpointId: UInt64
    var position: Int
    let droppable: Bool
}

/// What registering a cursor by seqno tells the caller (ep-engine's `CursorRegResult`).
public struct CursorRegistration: Sendable, Equatable {
    /// Items after the requested seqno are no longer in memory: the stream must backfill from disk.
    public var tryBackfill: Bool
    /// The first seqno the cursor will read from memory.
    public var nextSeqno: Int64

    public init(tryBackfill: Bool, nextSeqno: Int64) {
        self.tryBackfill = tryBackfill
        self.nextSeqno = nextSeqno
    }
}

/// What one expel released, by the engine's own accounting (`Σ item size + queue overhead`).
/// Optimistic by design: values shared with the hash table stay allocated.
public struct ExpelResult: Sendable, Equatable {
    public var count: Int
    public var memory: Int
    /// The part of `memory` that is values (blobs), which the hash table may still share.
    public var valueMemory: Int
    /// Σ key length (UTF-8 bytes) of the expelled items: the key shape the figures are for.
    public var keyBytes: Int

    public init(count: Int = 0, memory: Int = 0, valueMemory: Int = 0, keyBytes: Int = 0) {
        self.count = count
        self.memory = memory
        self.valueMemory = valueMemory
        self.keyBytes = keyBytes
    }

    public static func + (lhs: ExpelResult, rhs: ExpelResult) -> ExpelResult {
        ExpelResult(count: lhs.count + rhs.count, memory: lhs.memory + rhs.memory, valueMemory: lhs.valueMemory + rhs.valueMemory,
                    keyBytes: lhs.keyBytes + rhs.keyBytes)
    }
}
