import Synchronization

/// One vBucket: its state, hash table and checkpoint manager, and its persisted seqno. Writes
/// take the key's hash-table stripe, then queue into the checkpoint manager while holding it, so
/// the hash table and the checkpoints agree on every key's latest seqno. Thread-safe; any
/// front-end or background thread may call.
public final class VBucket: Sendable {
    public let id: UInt16
    public let hashTable: HashTable
    public let checkpointManager: CheckpointManager
    private let rawState: Atomic<UInt8>
    private let persisted: Atomic<Int64>

    init(id: UInt16, state: VBucketState, lastSeqno: Int64, configuration: BucketConfiguration,
         maxSize: CheckpointMaxSize, counters: EngineMemoryCounters, destroyer: CheckpointDestroyer) {
        self.id = id
        hashTable = HashTable(locks: configuration.htLocks, counters: counters)
        checkpointManager = CheckpointManager(vbid: id, lastSeqno: lastSeqno, maxSize: maxSize, counters: counters, destroyer: destroyer)
        rawState = Atomic(state.rawValue)
        persisted = Atomic(lastSeqno)
    }

    public var state: VBucketState { VBucketState(rawValue: rawState.load(ordering: .acquiring)) ?? .dead }

    /// The highest seqno the flusher has committed to disk.
    public var persistedSeqno: Int64 { persisted.load(ordering: .acquiring) }

    func setPersistedSeqno(_ seqno: Int64) { persisted.store(seqno, ordering: .releasing) }

    /// Changes the state and queues a `set_vbucket_state` meta item.
    public func setState(_ newState: VBucketState) {
        rawState.store(newState.rawValue, ordering: .releasing)
        checkpointManager.queueSetVBState()
    }

    func set(key: String, value: ValueBlob, flags: UInt32, expiry: UInt32, cas: UInt64) throws(EngineError) -> MutationResult {
        guard state == .active else { throw .notMyVBucket(id) }
        return try hashTable.withStripe(for: key) { (values) throws(EngineError) -> MutationResult in
            values.update(key) { existing in
                let item = checkpointManager.queueDirty(key: key, value: value, revSeqno: (existing?.revSeqno ?? 0) + 1, cas: cas,
                                                        flags: flags, expiry: expiry)
                return (StoredValue(from: item), MutationResult(vbid: id, seqno: item.bySeqno, cas: cas))
            }
        }
    }

    /// Deletes `key`; `.needsFetch` when full eviction may have the document only on disk.
    func delete(key: String, cas: UInt64, fullEviction: Bool) throws(EngineError) -> MutationResult {
        guard state == .active else { throw .notMyVBucket(id) }
        return try hashTable.withStripe(for: key) { (values) throws(EngineError) -> MutationResult in
            guard let existing = values[key] else { throw fullEviction ? .needsFetch : .keyNotFound }
            guard !existing.isDeleted else { throw .keyNotFound }
            let item = checkpointManager.queueDirty(key: key, value: nil, operation: .deletion,
                                                    revSeqno: existing.revSeqno + 1, cas: cas)
            values[key] = StoredValue(from: item)
            return MutationResult(vbid: id, seqno: item.bySeqno, cas: cas)
        }
    }

    /// Reads `key`; throws `.needsFetch` when the value (or, under full eviction, the whole
    /// record) has been evicted and must come back from disk.
    func get<R>(key: String, fullEviction: Bool, _ body: (StoredValue) -> R) throws(EngineError) -> R {
        guard state == .active else { throw .notMyVBucket(id) }
        return try hashTable.withStripe(for: key) { (values) throws(EngineError) -> R in
            guard let index = values.index(key) else { throw fullEviction && persistedSeqno > 0 ? .needsFetch : .keyNotFound }
            let stored = values.record(at: index)
            guard !stored.isDeleted else { throw .keyNotFound }
            guard stored.isResident else { throw .needsFetch }
            values.recordAccess(at: index)
            return body(stored)
        }
    }

    /// After a commit: records still at the persisted seqno become clean; persisted deletions
    /// leave the hash table.
    func markClean(_ items: [QueuedItem]) {
        for item in items {
            try? hashTable.withStripe(for: item.key) { (values) throws(EngineError) in
                guard var stored = values[item.key], stored.bySeqno == item.bySeqno else { return }
                if stored.isDeleted {
                    values[item.key] = nil
                } else {
                    stored.isDirty = false
                    values[item.key] = stored
                }
            }
        }
    }

    /// Puts what a background fetch read back into the hash table, unless the key changed meanwhile.
    func restore(key: String, document: DiskDocument, value: ValueBlob?) {
        try? hashTable.withStripe(for: key) { (values) throws(EngineError) in
            if let existing = values[key] {
                guard !existing.isResident, existing.bySeqno == document.bySeqno else { return }
                var restored = existing
                restored.value = value
                values[key] = restored
            } else if !document.isDeleted {
                values[key] = StoredValue(from: document, value: value)
            }
        }
    }

    /// Ejects one clean, resident record: its value (value-only) or the whole record (full eviction).
    /// Returns false when the record is dirty, absent, already ejected or deleted.
    func evict(key: String, fullEviction: Bool) -> Bool {
        (try? hashTable.withStripe(for: key) { (values) throws(EngineError) -> Bool in
            guard let stored = values[key] else { return false }
            return Self.evict(key, stored, from: &values, fullEviction: fullEviction)
        }) ?? false
    }

    static func evict(_ key: String, _ stored: StoredValue, from values: inout StripeAccess, fullEviction: Bool) -> Bool {
        guard !stored.isDirty, !stored.isDeleted, stored.value != nil || fullEviction else { return false }
        if fullEviction {
            values[key] = nil
        } else {
            var ejected = stored
            ejected.value = nil
            values[key] = ejected
        }
        return true
    }
}

/// What a successful write returns to the front end.
public struct MutationResult: Sendable, Equatable {
    public var vbid: UInt16
    public var seqno: Int64
    public var cas: UInt64
}
