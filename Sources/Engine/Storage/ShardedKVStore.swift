import Foundation

/// The store split into shards (ep-engine's `max_num_shards`): vBucket `v` lives in shard
/// `v % shards`, each a SQLite file with its own writer connection, so one flusher per shard
/// commits concurrently with the others instead of every vBucket queueing behind one writer.
/// Thread-safe: each shard is.
public final class ShardedKVStore: KVStore {
    public let shards: [any KVStore]

    public init(shards: [any KVStore]) {
        precondition(!shards.isEmpty, "a store needs at least one shard")
        self.shards = shards
    }

    /// Opens (creating if needed) `count` SQLite shards in `directory`.
    public static func open(directory: String, shards count: Int) throws(StorageError) -> ShardedKVStore {
        var shards: [any KVStore] = []
        for index in 0..<count { shards.append(try SQLiteKVStore(path: fileName(directory: directory, shard: index))) }
        return ShardedKVStore(shards: shards)
    }

    /// The file of shard `shard` in `directory`.
    public static func fileName(directory: String, shard: Int) -> String { "\(directory)/kvbench-shard\(shard).sqlite" }

    /// Removes every shard file (and its WAL) from `directory`: a fresh store.
    public static func removeFiles(directory: String) {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for file in files where file.hasPrefix("kvbench-shard") { try? FileManager.default.removeItem(atPath: directory + "/" + file) }
    }

    private func shard(_ vbid: UInt16) -> any KVStore { shards[Int(vbid) % shards.count] }

    public func commit(vbid: UInt16, documents: [QueuedItem], persistedSeqno: Int64) throws(StorageError) {
        try shard(vbid).commit(vbid: vbid, documents: documents, persistedSeqno: persistedSeqno)
    }

    public func get<R>(vbid: UInt16, key: String, _ body: (DiskDocument?) -> R) throws(StorageError) -> R {
        try shard(vbid).get(vbid: vbid, key: key, body)
    }

    @discardableResult
    public func scan(vbid: UInt16, from: Int64, to: Int64, _ body: (DiskDocument) -> Bool) throws(StorageError) -> Int {
        try shard(vbid).scan(vbid: vbid, from: from, to: to, body)
    }

    public func persistedSeqno(vbid: UInt16) throws(StorageError) -> Int64 { try shard(vbid).persistedSeqno(vbid: vbid) }

    public var memoryUsed: Int { shards.reduce(0) { $0 + $1.memoryUsed } }
}
