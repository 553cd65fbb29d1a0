import Synchronization

/// One vBucket: its state, hash table and checkpoint manager. Writes take the key's hash-table
/// stripe, then queue into the checkpoint manager while holding it, so the hash table and the
/// checkpoints agree on every key's latest seqno. Thread-safe; any front-end thread may call.
public final class VBucket: Sendable {
    public let id: UInt16
    public let hashTable: HashTable
    public let checkpointManager: CheckpointManager
    private let rawState: Atomic<UInt8>

    init(id: UInt16, state: VBucketState, lastSeqno: Int64, configuration: BucketConfiguration, maxSize: CheckpointMaxSize) {
        self.id = id
        hashTable = HashTable(locks: configuration.htLocks)
        checkpointManager = CheckpointManager(vbid: id, lastSeqno: lastSeqno, maxSize: maxSize)
        rawState = Atomic(state.rawValue)
    }

    public var state: VBucketState { VBucketState(rawValue: rawState.load(ordering: .acquiring)) ?? .dead }

    /// Changes the state and queues a `set_vbucket_state` meta item.
    public func setState(_ newState: VBucketState) {
        rawState.store(newState.rawValue, ordering: .releasing)
        checkpointManager.queueSetVBState()
    }

    func set(key: String, value: ValueBlob, flags: UInt32, expiry: UInt32, cas: UInt64) throws(EngineError) -> MutationResult {
        guard state == .active else { throw .notMyVBucket(id) }
        return try hashTable.withStripe(for: key) { (values) throws(EngineError) -> MutationResult in
            let revSeqno = (values[key]?.revSeqno ?? 0) + 1
            let item = checkpointManager.queueDirty(key: key, value: value, revSeqno: revSeqno, cas: cas,
                                                    flags: flags, expiry: expiry)
            values[key] = StoredValue(from: item)
            return MutationResult(vbid: id, seqno: item.bySeqno, cas: cas)
        }
    }

    func delete(key: String, cas: UInt64) throws(EngineError) -> MutationResult {
        guard state == .active else { throw .notMyVBucket(id) }
        return try hashTable.withStripe(for: key) { (values) throws(EngineError) -> MutationResult in
            guard let existing = values[key], !existing.isDeleted else { throw .keyNotFound }
            let item = checkpointManager.queueDirty(key: key, value: nil, operation: .deletion,
                                                    revSeqno: existing.revSeqno + 1, cas: cas)
            values[key] = StoredValue(from: item)
            return MutationResult(vbid: id, seqno: item.bySeqno, cas: cas)
        }
    }

    func get<R>(key: String, _ body: (StoredValue) -> R) throws(EngineError) -> R {
        guard state == .active else { throw .notMyVBucket(id) }
        return try hashTable.withStripe(for: key) { (values) throws(EngineError) -> R in
            guard let stored = values[key], !stored.isDeleted else { throw .keyNotFound }
            return body(stored)
        }
    }
}

/// What a successful write returns to the front end.
public struct MutationResult: Sendable, Equatable {
    public var vbid: UInt16
    public var seqno: Int64
    public var cas: UInt64
}
