import CSQLite
import MemoryTracking

/// The bucket's `mem_used`. When the allocator counts per domain (jemalloc, or tcmalloc through its
/// hooks) it is what the Primary and Secondary domains hold (as ep-engine measures it), so the
/// engine's memory policy is the same under either; otherwise — glibc, sanitizers, or tests that
/// need figures independent of allocator noise — the engine's own accounting, which counts every
/// allocation once: hash-table records without their values, every live value blob of the bucket
/// once (wherever it is held), checkpoint memory without values, checkpoints pending destruction,
/// and what this bucket's store says it holds. Any thread may read.
public struct MemoryUsage: Sendable {
    public enum Source: String, Sendable {
        case allocator
        case engine
    }

    public let source: Source
    let counters: EngineMemoryCounters
    let store: (any KVStore)?

    init(source: Source, counters: EngineMemoryCounters, store: (any KVStore)?) {
        self.source = source
        self.counters = counters
        self.store = store
    }

    /// What write admission reads: cheap, may lag by the fold threshold per thread.
    public var estimated: Int {
        switch source {
        case .allocator: Int(MemoryDomain.primary.estimatedBytes + MemoryDomain.secondary.estimatedBytes)
        case .engine: engineAccounted
        }
    }

    /// What the quota-change task waits on: every thread's residue folded in.
    public var precise: Int {
        switch source {
        case .allocator: Int(MemoryDomain.primary.preciseBytes + MemoryDomain.secondary.preciseBytes)
        case .engine: engineAccounted
        }
    }

    var engineAccounted: Int {
        counters.hashTable - counters.hashTableValues + counters.liveValues + counters.checkpoint - counters.checkpointValues
            + counters.checkpointPendingDestruction - counters.checkpointPendingDestructionValues + (store?.memoryUsed ?? 0)
    }
}

extension Bucket {
    /// What SQLite itself says it holds (`sqlite3_memory_used`, process-wide): the cross-check
    /// for the Secondary domain's allocator figure.
    public static var storageLibraryMemoryUsed: Int { Int(sqlite3_memory_used()) }
}
