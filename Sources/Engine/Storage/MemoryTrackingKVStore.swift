import MemoryTracking

/// The memory-tracking proxy in front of the store (kv_engine wraps its storage library the same
/// way): every call into the store runs in the Secondary domain, and every callback out of it
/// (a scanned row, a fetched document) runs back in Primary, where the engine copies what it keeps.
public struct MemoryTrackingKVStore: KVStore {
    let store: any KVStore

    public init(wrapping store: any KVStore) { self.store = store }

    public func commit(vbid: UInt16, documents: [QueuedItem], persistedSeqno: Int64) throws(StorageError) {
        try DomainGuard.run(.secondary) { () throws(StorageError) in
            try store.commit(vbid: vbid, documents: documents, persistedSeqno: persistedSeqno)
        }
    }

    public func get<R>(vbid: UInt16, key: String, _ body: (DiskDocument?) -> R) throws(StorageError) -> R {
        try DomainGuard.run(.secondary) { () throws(StorageError) -> R in
            try store.get(vbid: vbid, key: key) { document in DomainGuard.run(.primary) { body(document) } }
        }
    }

    @discardableResult
    public func scan(vbid: UInt16, from: Int64, to: Int64, _ body: (DiskDocument) -> Bool) throws(StorageError) -> Int {
        try DomainGuard.run(.secondary) { () throws(StorageError) -> Int in
            try store.scan(vbid: vbid, from: from, to: to) { document in DomainGuard.run(.primary) { body(document) } }
        }
    }

    public var memoryUsed: Int { DomainGuard.run(.secondary) { store.memoryUsed } }

    public func persistedSeqno(vbid: UInt16) throws(StorageError) -> Int64 {
        try DomainGuard.run(.secondary) { () throws(StorageError) -> Int64 in try store.persistedSeqno(vbid: vbid) }
    }
}
