import CSQLite
import Synchronization

/// The test-only fault hook around the store: fails commits the way a full disk or a failing
/// device would, so that tests and workloads can prove the flusher loses and reorders nothing.
/// Injects nothing until `storageFaults` is set; reads are never failed (a failed background
/// fetch is a front-end error, already reported as such). Thread-safe: the mode may change
/// from any thread while the flusher commits.
@_spi(Testing) public struct FaultInjectingKVStore: KVStore {
    let store: any KVStore
    public let faults = StorageFaults()

    public init(wrapping store: any KVStore) { self.store = store }

    public func commit(vbid: UInt16, documents: [QueuedItem], persistedSeqno: Int64) throws(StorageError) {
        if let failure = faults.nextCommitFailure() { throw failure }
        try store.commit(vbid: vbid, documents: documents, persistedSeqno: persistedSeqno)
    }

    public func get<R>(vbid: UInt16, key: String, _ body: (DiskDocument?) -> R) throws(StorageError) -> R {
        try store.get(vbid: vbid, key: key, body)
    }

    @discardableResult
    public func scan(vbid: UInt16, from: Int64, to: Int64, _ body: (DiskDocument) -> Bool) throws(StorageError) -> Int {
        try store.scan(vbid: vbid, from: from, to: to, body)
    }

    public func persistedSeqno(vbid: UInt16) throws(StorageError) -> Int64 { try store.persistedSeqno(vbid: vbid) }

    public var memoryUsed: Int { store.memoryUsed }
}

/// Which commits fail. `failingWrites(rate)` fails exactly `rate` of them, spread evenly (commit
/// n fails when ⌊n·rate⌋ moves), so a run is reproducible; `diskFull` fails every one.
@_spi(Testing) public final class StorageFaults: Sendable {
    public enum Mode: Sendable, Equatable {
        case none
        case diskFull
        case failingWrites(rate: Double)
    }

    private let mode = Atomic<UInt64>(0)
    private let commits = Atomic<Int>(0)
    /// Commits this hook failed.
    private let failed = Atomic<Int>(0)

    public init() {}

    /// Encoded in one word so a change is atomic: 0 = none, 1 = disk full, else 2 + rate bits.
    public func set(_ newMode: Mode) {
        let encoded: UInt64 = switch newMode {
        case .none: 0
        case .diskFull: 1
        case .failingWrites(let rate): 2 + UInt64(min(max(rate, 0), 1) * 1_000_000)
        }
        mode.store(encoded, ordering: .relaxed)
    }

    public var injected: Int { failed.load(ordering: .relaxed) }

    func nextCommitFailure() -> StorageError? {
        let encoded = mode.load(ordering: .relaxed)
        guard encoded != 0 else { return nil }
        if encoded == 1 { return fail(SQLITE_FULL, "database or disk is full (injected)") }
        let rate = Double(encoded - 2) / 1_000_000
        let n = Double(commits.add(1, ordering: .relaxed).newValue)
        guard (n * rate).rounded(.down) > ((n - 1) * rate).rounded(.down) else { return nil }
        return fail(SQLITE_IOERR, "disk I/O error (injected)")
    }

    private func fail(_ code: Int32, _ message: String) -> StorageError {
        failed.add(1, ordering: .relaxed)
        return StorageError(operation: "commit", code: code, message: message)
    }
}
