import Engine
import Foundation
import Locking
import MemoryTracking
import Workload

/// The repetition's bucket, which a `restart` phase replaces with a new one warmed up from the
/// same data directory (ep-engine's bucket restart). Everything that outlives a restart — the
/// sampler, the phases, parallel branches — reaches the engine through this handle. Engine
/// counters start again at zero in a new bucket, so those of retired buckets are carried here
/// and `stats`/`taskFailures` report the whole repetition. Thread-safe; `restart` is called by
/// the thread driving the phases (the parser keeps `restart` out of parallel branches) while it
/// holds the sampler off, since there is no bucket for a moment.
final class BucketHandle: Sendable {
    private let current: LockedValue<Bucket?>
    private let configuration: BucketConfiguration
    /// The store's directory; nil for a bucket without persistence.
    let dataDirectory: String?
    /// A directory this handle made and removes on `close()`.
    private let temporaryDirectory: String?
    private let retired = LockedValue<Retired>(Retired())

    private struct Retired {
        var stats: EngineStatsSnapshot?
        var failures: [TaskFailure] = []
        var count = 0
    }

    /// Opens the bucket: in memory, or on a fresh SQLite store in the workload's data directory
    /// (emptied first) or in a temporary directory named `kvbench-<purpose>-<pid>`.
    init(workload: Workload, purpose: String) throws {
        configuration = BucketConfiguration(workload.engine)
        guard workload.engine.persistence else {
            current = LockedValue(Bucket(configuration: configuration))
            dataDirectory = nil
            temporaryDirectory = nil
            return
        }
        let directory = workload.engine.dataDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("kvbench-\(purpose)-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        ShardedKVStore.removeFiles(directory: directory)
        current = LockedValue(try Bucket.open(configuration: configuration, dataDirectory: directory))
        dataDirectory = directory
        temporaryDirectory = workload.engine.dataDirectory == nil ? directory : nil
    }

    var bucket: Bucket { current.withLock { $0! } }

    /// Shuts the bucket down, frees it in the Primary domain that allocated it (freed on this
    /// runner thread, its bytes would be credited to `none` and Primary would go on counting
    /// them), and removes a temporary data directory. Nothing may use the handle afterwards; a
    /// second call does nothing.
    func close() {
        // No local reference to the bucket: the last one must go inside the Primary guard.
        guard current.withLock({ $0 != nil }) else { return }
        bucket.shutdown()
        DomainGuard.run(.primary) { current.withLock { $0 = nil } }
        if let temporaryDirectory { try? FileManager.default.removeItem(atPath: temporaryDirectory) }
    }

    /// Shuts the bucket down and opens a new one on its store, which warms up from disk. A clean
    /// restart first waits until everything is persisted; `kill` does not, so whatever the
    /// flusher had not committed is lost, as when the process dies. The quota in force carries
    /// over. Returns, per vBucket, the high seqno before and the persisted seqno after.
    func restart(kill: Bool, persistenceTimeout: Double) throws -> [(highBefore: Int64, persistedAfter: Int64)] {
        guard let dataDirectory else { throw RestartError.noStore }
        let (highs, quota) = try retire(kill: kill, persistenceTimeout: persistenceTimeout)
        // The old bucket is freed before the new one loads (as a restarted process would have
        // it), and in the Primary domain that allocated it: freed on this runner thread, its
        // bytes would be credited to `none` and Primary would go on counting them.
        DomainGuard.run(.primary) { current.withLock { $0 = nil } }
        var next = configuration
        next.maxSize = quota
        let opened = try Bucket.open(configuration: next, dataDirectory: dataDirectory)
        current.withLock { $0 = opened }
        return highs.enumerated().map { ($1, opened.vbucket($0).persistedSeqno) }
    }

    /// Shuts the bucket down and keeps its counters; returns its high seqnos and quota. The
    /// bucket itself stays in `current` (this function holds no reference once it returns).
    private func retire(kill: Bool, persistenceTimeout: Double) throws -> (highs: [Int64], quota: Int) {
        let old = bucket
        if !kill && !old.waitForPersistence(timeout: persistenceTimeout) { throw RestartError.notPersisted(persistenceTimeout) }
        old.shutdown()
        retired.withLock { retired in
            retired.stats = retired.stats.map { $0 + old.stats.snapshot } ?? old.stats.snapshot
            retired.failures = TaskFailure.merge(retired.failures, old.taskFailures.all)
            retired.count += 1
        }
        return ((0..<old.numVBuckets).map { old.vbucket($0).checkpointManager.highSeqno }, old.quota.maxSize)
    }

    /// Restarts so far: buckets this repetition has retired.
    var restarts: Int { retired.withLock { $0.count } }

    /// Engine counters over every bucket this repetition has had.
    var stats: EngineStatsSnapshot {
        let now = bucket.stats.snapshot
        return retired.withLock { $0.stats.map { $0 + now } ?? now }
    }

    var taskFailures: [TaskFailure] {
        let now = bucket.taskFailures.all
        return retired.withLock { TaskFailure.merge($0.failures, now) }
    }

    enum RestartError: Error, CustomStringConvertible {
        case noStore
        case notPersisted(Double)

        var description: String {
            switch self {
            case .noStore: "restart needs engine.persistence: true (there is nothing to warm up from)"
            case .notPersisted(let timeout): "persistence did not catch up within \(timeout)s before the restart"
            }
        }
    }
}
