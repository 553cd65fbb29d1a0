/// A document's in-memory record in a vBucket's hash table. The value blob is the same object
/// the checkpoint queued, so each version's bytes exist once. A value type guarded by its
/// hash-table stripe's lock.
public struct StoredValue: Sendable {
    public var value: ValueBlob?
    public var cas: UInt64
    public var revSeqno: UInt64
    public var bySeqno: Int64
    public var flags: UInt32
    public var expiry: UInt32
    public var isDeleted: Bool
    /// Not yet persisted (always true until persistence exists).
    public var isDirty: Bool
    public var isResident: Bool { value != nil || isDeleted }

    init(from item: QueuedItem) {
        value = item.value
        cas = item.cas
        revSeqno = item.revSeqno
        bySeqno = item.bySeqno
        flags = item.flags
        expiry = item.expiry
        isDeleted = item.operation == .deletion
        isDirty = true
    }
}
