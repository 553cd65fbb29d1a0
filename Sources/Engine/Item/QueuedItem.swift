/// One element of a checkpoint: a mutation, a deletion or a meta item. Immutable after creation,
/// so one instance is shared by a checkpoint, cursors' readers and (later) DCP ready queues on any
/// thread. The value bytes are a `ValueBlob` shared with the hash table, never copied.
public final class QueuedItem: Sendable {
    public let key: String
    public let value: ValueBlob?
    public let bySeqno: Int64
    public let revSeqno: UInt64
    public let cas: UInt64
    public let flags: UInt32
    public let expiry: UInt32
    public let vbid: UInt16
    public let operation: QueueOperation
    /// `value?.size`, kept here so that accounting (expel walks a million items) does not touch
    /// each value blob: in a CPU profile of perf-checkpoint-cost, reading the blobs' lengths was a
    /// quarter of expel. Fits in the padding of the 80 B size class; values are at most 20 MiB.
    private let valueBytes: UInt32

    /// The fixed part of the engine's per-item estimate: object header (16 B) plus the stored
    /// fields above as Swift lays them out (String 16, blob reference 8, numbers 39 → 79 B),
    /// which jemalloc serves from its 80 B size class (measured: expel frees 80 B per item).
    public static let headerSize = 80

    init(key: String, value: ValueBlob?, bySeqno: Int64, revSeqno: UInt64, cas: UInt64,
         flags: UInt32, expiry: UInt32, vbid: UInt16, operation: QueueOperation) {
        self.key = key
        self.value = value
        self.bySeqno = bySeqno
        self.revSeqno = revSeqno
        self.cas = cas
        self.flags = flags
        self.expiry = expiry
        self.vbid = vbid
        self.operation = operation
        valueBytes = UInt32(value?.size ?? 0)
    }

    static func meta(_ operation: QueueOperation, seqno: Int64, vbid: UInt16) -> QueuedItem {
        QueuedItem(key: operation.metaKey, value: nil, bySeqno: seqno, revSeqno: 0, cas: 0,
                   flags: 0, expiry: 0, vbid: vbid, operation: operation)
    }

    public var isMetaItem: Bool { operation.isMetaItem }

    /// ep-engine's `Item::size()`: header + key + value blob. What checkpoint accounting charges.
    public var size: Int { Self.headerSize + Self.keyHeapBytes(key) + valueSize }

    /// The value blob's size as the estimate charges it (0 without a value).
    public var valueSize: Int { Int(valueBytes) }

    /// What a key's bytes cost beyond the item header. ep-engine charges the key's length because
    /// its items copy the key; a Swift string of up to 15 UTF-8 bytes lives inside the item's
    /// 16-byte field and costs nothing more (measured: expelling items with 12-byte keys frees
    /// 80 B each). A longer one is a heap object: 32 B of header, the bytes and a NUL, in a
    /// 16-byte size class.
    public static func keyHeapBytes(_ key: String) -> Int {
        let count = key.utf8.count
        guard count > 15 else { return 0 }
        return (32 + count + 1 + 15) & ~15
    }
}
