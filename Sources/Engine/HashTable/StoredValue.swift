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
    /// Not yet persisted.
    public var isDirty: Bool
    /// Access frequency for the item pager (ep-engine's MFU counter): starts at
    /// `initialFrequency`, rises probabilistically on access (`ProbabilisticCounter`), halves
    /// when the pager decays a table whose counters saturated.
    public var frequency: UInt8 = StoredValue.initialFrequency

    public static let initialFrequency: UInt8 = 4
    /// The engine's estimate of a record's fixed cost (dictionary slot, metadata, key header).
    public static let metadataSize = 64

    /// False once the value was evicted (value-only eviction).
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

    init(from document: DiskDocument, value: ValueBlob?) {
        self.value = value
        cas = document.cas
        revSeqno = document.revSeqno
        bySeqno = document.bySeqno
        flags = document.flags
        expiry = document.expiry
        isDeleted = document.isDeleted
        isDirty = false
    }

    /// What this record costs in the engine's accounting.
    func footprint(keyLength: Int) -> Int { Self.metadataSize + keyLength + valueBytes }

    /// The resident value's part of the footprint.
    var valueBytes: Int { value?.size ?? 0 }

}
