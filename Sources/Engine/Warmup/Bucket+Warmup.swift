import MemoryTracking

/// Warmup (ep-engine's `Warmup`): a bucket opened on a store that holds data starts from it.
/// Each vBucket's last seqno is its persisted seqno, so new mutations continue the sequence,
/// and every live document is loaded clean into the hash table in seqno order. Values are
/// loaded until `mem_used` reaches the low watermark; after that value eviction loads keys and
/// metadata only (the value stays on disk and is fetched back on a get) and full eviction loads
/// nothing more (the whole document is fetched back), as ep-engine stops loading values at its
/// memory threshold. Runs once, inside `open`, before any front end can reach the bucket.
extension Bucket {
    static func warmUp(configuration: BucketConfiguration, store: any KVStore,
                       memorySource: MemoryUsage.Source?) throws(StorageError) -> Bucket {
        let persisted = try DomainGuard.run(.secondary) { () throws(StorageError) -> [Int64] in
            var seqnos: [Int64] = []
            for vbid in 0..<configuration.maxVBuckets { seqnos.append(try store.persistedSeqno(vbid: UInt16(vbid))) }
            return seqnos
        }
        let bucket = Bucket(configuration: configuration, lastSeqnos: persisted, store: store, memorySource: memorySource)
        do throws(StorageError) {
            try bucket.loadPersistedDocuments()
        } catch {
            bucket.shutdown()
            throw error
        }
        return bucket
    }

    private func loadPersistedDocuments() throws(StorageError) {
        guard let store else { return }
        let started = MonotonicClock.now
        var loaded = 0
        var metadataOnly = 0
        try DomainGuard.run(.primary) { () throws(StorageError) in
            for vbucket in allVBuckets where vbucket.persistedSeqno > 0 {
                try store.scan(vbid: vbucket.id, from: 1, to: vbucket.persistedSeqno) { document in
                    guard !document.isDeleted else { return true }
                    let withValue = memory.estimated < quota.lowWat
                    if !withValue && fullEviction { return true }
                    vbucket.warmUp(document, value: withValue ? ValueBlob(copying: document.value, owner: counters.valueOwner) : nil)
                    loaded += 1
                    if !withValue { metadataOnly += 1 }
                    return true
                }
            }
        }
        stats.warmupItems.store(loaded, ordering: .relaxed)
        stats.warmupValuesSkipped.store(metadataOnly, ordering: .relaxed)
        stats.warmupNanoseconds.store(Int((MonotonicClock.now - started) * 1e9), ordering: .relaxed)
    }
}

extension VBucket {
    /// Loads one persisted document as a clean record (nil value = left on disk).
    func warmUp(_ document: DiskDocument, value: ValueBlob?) {
        let key = String(decoding: document.key, as: UTF8.self)
        try? hashTable.withStripe(for: key) { (values) throws(EngineError) in
            values[key] = StoredValue(from: document, value: value)
        }
    }
}
