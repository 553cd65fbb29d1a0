/// The engine's on-disk store (ep-engine's `KVStore`): documents by (vBucket, key) with their
/// seqno, and each vBucket's persisted state. Implementations must be safe to call from any
/// thread; calls may block on I/O, so the engine makes them from background tasks or from a
/// front-end thread that is already waiting for disk.
public protocol KVStore: Sendable {
    /// Writes a batch in one transaction: every document (the latest version of each key) and
    /// the vBucket's new persisted seqno. All or nothing.
    func commit(vbid: UInt16, documents: [QueuedItem], persistedSeqno: Int64) throws(StorageError)

    /// Looks a key up; `body` sees the stored document (borrowed buffers) or nil.
    func get<R>(vbid: UInt16, key: String, _ body: (DiskDocument?) -> R) throws(StorageError) -> R

    /// Visits documents of a vBucket with `from ≤ seqno ≤ to` in seqno order until `body` returns false.
    /// Returns how many documents were visited.
    @discardableResult
    func scan(vbid: UInt16, from: Int64, to: Int64, _ body: (DiskDocument) -> Bool) throws(StorageError) -> Int

    /// The persisted seqno recorded by the last commit for the vBucket (0 if none).
    func persistedSeqno(vbid: UInt16) throws(StorageError) -> Int64

    /// Bytes this store's storage library says it holds (its caches, schema, statements).
    var memoryUsed: Int { get }
}

/// A stored document seen during a store callback. The buffers are only valid inside the callback.
public struct DiskDocument {
    public var key: UnsafeRawBufferPointer
    public var value: UnsafeRawBufferPointer
    public var bySeqno: Int64
    public var revSeqno: UInt64
    public var cas: UInt64
    public var flags: UInt32
    public var expiry: UInt32
    public var isDeleted: Bool

    /// For stores other than SQLite's (and test stores) to hand documents to the engine.
    public init(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, bySeqno: Int64, revSeqno: UInt64, cas: UInt64, flags: UInt32,
                expiry: UInt32, isDeleted: Bool) {
        self.key = key
        self.value = value
        self.bySeqno = bySeqno
        self.revSeqno = revSeqno
        self.cas = cas
        self.flags = flags
        self.expiry = expiry
        self.isDeleted = isDeleted
    }
}

/// A storage failure, with SQLite's own words.
public struct StorageError: Error, Sendable, CustomStringConvertible, Equatable {
    public var operation: String
    public var code: Int32
    public var message: String

    public init(operation: String, code: Int32, message: String) {
        self.operation = operation
        self.code = code
        self.message = message
    }

    public var description: String { "\(operation) failed (SQLite \(code)): \(message)" }
}
