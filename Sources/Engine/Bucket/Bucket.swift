#if canImport(Glibc)
import Glibc
#endif
import Locking
import MemoryTracking
import Synchronization

/// The bucket: the engine's front door and owner of its background tasks (flusher, item pager,
/// checkpoint-memory recovery, background fetcher, quota change). Every public entry point
/// switches the calling thread into the Primary memory domain for its duration (as memcached does
/// when a front-end thread enters a bucket), so engine allocations are charged to the engine and
/// the caller's are not.
///
/// Thread-safe: any number of front-end threads may call concurrently. Background tasks hold the
/// bucket weakly and stop once it is gone; `shutdown()` stops them explicitly.
public final class Bucket: Sendable {
    public let configuration: BucketConfiguration
    public let checkpointMaxSize: CheckpointMaxSize
    public let quota: BucketQuota
    public let stats: EngineStats
    public let counters: EngineMemoryCounters
    public let memory: MemoryUsage
    let executor: TaskExecutor
    /// `checkpoint_destruction_tasks` destroyers; vBucket `i` hands its checkpoints to `i % count`.
    let checkpointDestroyers: [CheckpointDestroyer]
    /// The store behind the memory-tracking proxy; nil for a bucket without persistence.
    let store: (any KVStore)?
    private let vbuckets: [VBucket]
    private let hlc = Atomic<UInt64>(0)
    let persistenceStopped = Atomic<Bool>(false)
    let stopping = Atomic<Bool>(false)
    /// Backfills admitted bucket-wide (limited by `BucketQuota.backfillLimit`).
    let activeBackfills = Atomic<Int>(0)
    /// Backfills cancelled before they finished (see `backfillsCancelled`).
    let cancelledBackfills = Atomic<Int>(0)
    let tasks = LockedValue(BucketTasks())
    let wakePending: WakeFlags
    let fetchQueue = LockedValue<[FetchRequest]>([])
    let quotaChange = LockedValue(QuotaChangeState())
    let producers = LockedValue<[WeakProducer]>([])
    /// Failures background tasks survived, reported rather than retried in silence.
    public let taskFailures = TaskFailureLog()
    /// The test-only storage fault hook, when the store has one (`open` puts it in).
    @_spi(Testing) public let storageFaults: StorageFaults?

    /// Background fetches a get makes for one key before it reports a temporary failure.
    static let fetchAttempts = 4

    /// The cursor name the flusher uses.
    public static let persistenceCursor = "persistence"

    /// Creates `max_vbuckets` active vBuckets whose last seqno is `lastSeqno`. With a store, a
    /// flusher persists every mutation through the persistence cursor. `memorySource` picks what
    /// `mem_used` is (default: the allocator when it counts per domain — jemalloc, or tcmalloc
    /// through its hooks — else the engine's accounting).
    /// The store is not read: `open` is the way to warm up from a store that holds data.
    public convenience init(configuration: BucketConfiguration, lastSeqno: Int64 = 0, store: (any KVStore)? = nil,
                            memorySource: MemoryUsage.Source? = nil) {
        self.init(configuration: configuration, lastSeqnos: [Int64](repeating: lastSeqno, count: configuration.maxVBuckets),
                  store: store, memorySource: memorySource)
    }

    /// `lastSeqnos[vb]` is vBucket `vb`'s last seqno (its persisted seqno after warmup).
    init(configuration: BucketConfiguration, lastSeqnos: [Int64], store: (any KVStore)?, memorySource: MemoryUsage.Source?) {
        precondition(configuration.validationErrors().isEmpty, "invalid configuration: \(configuration.validationErrors())")
        self.configuration = configuration
        wakePending = WakeFlags(flushers: configuration.maxNumShards)
        counters = EngineMemoryCounters(extraCheckpointBytesPerItem: configuration.testExtraCheckpointBytesPerItem)
        let maxSize = CheckpointMaxSize(configuration.effectiveCheckpointMaxSize)
        checkpointMaxSize = maxSize
        quota = BucketQuota(configuration: configuration)
        storageFaults = (store as? FaultInjectingKVStore)?.faults
        let trackedStore = store.map { MemoryTrackingKVStore(wrapping: $0) }
        self.store = trackedStore
        memory = MemoryUsage(source: memorySource ?? (AllocatorInfo.detect().hasDomainCounters ? .allocator : .engine), counters: counters,
                             store: trackedStore)
        let counters = counters
        let stats = EngineStats()
        self.stats = stats
        let executor = TaskExecutor(threads: configuration.executorThreads.byPool)
        self.executor = executor
        let destroyers = (0..<configuration.checkpointDestructionTasks).map { _ in
            CheckpointDestroyer(executor: executor, counters: counters, recovery: stats.recovery)
        }
        checkpointDestroyers = destroyers
        vbuckets = DomainGuard.run(.primary) {
            (0..<configuration.maxVBuckets).map {
                VBucket(id: UInt16($0), state: .active, lastSeqno: lastSeqnos[$0], configuration: configuration,
                        maxSize: maxSize, counters: counters, destroyer: destroyers[$0 % destroyers.count])
            }
        }
        MemoryDomain.setFoldThreshold(Int64(Double(configuration.maxSize) * 0.005 / Double(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))))
        DomainGuard.run(.primary) {
            if self.store != nil {
                for vbucket in vbuckets {
                    vbucket.checkpointManager.registerCursor(name: Self.persistenceCursor, lastSeqno: vbucket.persistedSeqno, droppable: false)
                }
            }
            startTasks()
        }
    }

    /// Opens (creating if needed) a SQLite store in `directory` and a bucket on it, warmed up from
    /// what the store holds (see `Bucket+Warmup`). Every store call passes through the test-only
    /// fault hook, `storageFaults`, which injects nothing unless a test or workload asks.
    public static func open(configuration: BucketConfiguration, dataDirectory directory: String,
                            memorySource: MemoryUsage.Source? = nil) throws(StorageError) -> Bucket {
        let store = try DomainGuard.run(.secondary) { () throws(StorageError) -> ShardedKVStore in
            try ShardedKVStore.open(directory: directory, shards: configuration.maxNumShards)
        }
        return try warmUp(configuration: configuration, store: FaultInjectingKVStore(wrapping: store), memorySource: memorySource)
    }

    /// Stops every background task and joins the executor's threads.
    public func shutdown() {
        stopping.store(true, ordering: .relaxed)
        executor.shutdown()
    }

    deinit { shutdown() }

    public var numVBuckets: Int { vbuckets.count }

    public var isPersistent: Bool { store != nil }

    public func vbucket(_ id: Int) -> VBucket { vbuckets[id] }

    public func vbucket(for key: String) -> VBucket {
        vbuckets[VBucketMap.vbucket(for: key, count: vbuckets.count)]
    }

    var allVBuckets: [VBucket] { vbuckets }

    var fullEviction: Bool { configuration.itemEvictionPolicy == .fullEviction }

    /// Stores `value` under `key` (copied into an engine-owned blob inside the Primary domain).
    /// Refused — changing nothing — with `.temporaryFailure` or `.outOfMemory` when memory is short.
    @discardableResult
    public func set(_ key: String, value: UnsafeRawBufferPointer, flags: UInt32 = 0, expiry: UInt32 = 0) throws(EngineError) -> MutationResult {
        try DomainGuard.run(.primary) { () throws(EngineError) -> MutationResult in
            try admit(needed: StoredValue.metadataSize + key.utf8.count + value.count + ValueBlob.headerSize)
            let blob = ValueBlob(copying: value, owner: counters.valueOwner)
            let vbucket = vbucket(for: key)
            defer { wakeFlusher(for: vbucket.id) }
            return try vbucket.set(key: key, value: blob, flags: flags, expiry: expiry, cas: nextCas())
        }
    }

    /// Deletes `key` (a deletion is queued; the hash table keeps a tombstone until it is persisted).
    @discardableResult
    public func delete(_ key: String) throws(EngineError) -> MutationResult {
        try DomainGuard.run(.primary) { () throws(EngineError) -> MutationResult in
            try admit(needed: StoredValue.metadataSize + key.utf8.count)
            let vbucket = vbucket(for: key)
            defer { wakeFlusher(for: vbucket.id) }
            do throws(EngineError) {
                return try vbucket.delete(key: key, cas: nextCas(), fullEviction: fullEviction)
            } catch .needsFetch {
                try backgroundFetch(vbucket, key)
                return try vbucket.delete(key: key, cas: nextCas(), fullEviction: false)
            }
        }
    }

    /// Looks `key` up and returns the value's length; copies up to `into.count` bytes of the value
    /// when a buffer is given (the caller owns the buffer, so nothing the engine allocated leaks
    /// into the caller's domain). An evicted value is fetched back from disk first.
    @discardableResult
    public func get(_ key: String, into buffer: UnsafeMutableRawBufferPointer? = nil) throws(EngineError) -> Int {
        try DomainGuard.run(.primary) { () throws(EngineError) -> Int in
            let vbucket = vbucket(for: key)
            let copy = { (stored: StoredValue) -> Int in
                guard let value = stored.value else { return 0 }
                if let buffer {
                    value.withUnsafeBytes { bytes in
                        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(buffer.count)))
                    }
                }
                return value.count
            }
            do throws(EngineError) {
                return try vbucket.get(key: key, fullEviction: fullEviction, copy)
            } catch .needsFetch {
                // The item pager may eject the value again between the fetch and the read (as
                // ep-engine's front end would, fetch again); under such pressure give up after
                // a few rounds with a temporary failure rather than spin.
                for _ in 0..<Self.fetchAttempts {
                    try backgroundFetch(vbucket, key)
                    do throws(EngineError) {
                        return try vbucket.get(key: key, fullEviction: false, copy)
                    } catch .needsFetch {
                        continue
                    }
                }
                throw .temporaryFailure
            }
        }
    }

    /// ep-engine's `evict_key`: ejects one clean item now. Returns false if it was dirty, absent or already ejected.
    @discardableResult
    public func evictKey(_ key: String) -> Bool {
        DomainGuard.run(.primary) {
            let evicted = vbucket(for: key).evict(key: key, fullEviction: fullEviction)
            stats.recordEvictions(evicted ? 1 : 0, fullEviction: fullEviction)
            return evicted
        }
    }

    /// Changes a vBucket's state and queues the `set_vbucket_state` meta item.
    public func setVBucketState(_ vbid: Int, _ state: VBucketState) {
        DomainGuard.run(.primary) { vbuckets[vbid].setState(state) }
    }

    /// Runs expel on every vBucket and returns the engine's combined accounting; expels nothing
    /// when `chk_expel_enabled` is off.
    public func expelAll() -> ExpelResult {
        guard configuration.chkExpelEnabled else { return ExpelResult() }
        return DomainGuard.run(.primary) {
            vbuckets.reduce(ExpelResult()) { $0 + $1.checkpointManager.expelUnreferencedCheckpointItems() }
        }
    }

    /// Registers a cursor named `name` on the given vBuckets for a reader that has seqnos up to `lastSeqno`.
    public func registerCursor(name: String, lastSeqno: Int64, vbuckets ids: [Int], droppable: Bool = true) -> [CursorRegistration] {
        DomainGuard.run(.primary) {
            ids.map { vbuckets[$0].checkpointManager.registerCursor(name: name, lastSeqno: lastSeqno, droppable: droppable) }
        }
    }

    /// Advances cursor `name` by up to `count` elements on each listed vBucket; returns the total passed.
    public func advanceCursor(name: String, by count: Int, vbuckets ids: [Int]) -> Int {
        DomainGuard.run(.primary) {
            ids.reduce(0) { $0 + vbuckets[$1].checkpointManager.advanceCursor(name: name, by: count) }
        }
    }

    /// The engine's checkpoint-memory estimate over all vBuckets (one atomic load).
    public var checkpointMemoryTotal: Int { counters.checkpoint }

    /// The engine's checkpoint-memory estimate over all vBuckets, by component (walks every vBucket).
    public var checkpointMemory: CheckpointMemory {
        DomainGuard.run(.primary) { vbuckets.reduce(CheckpointMemory()) { $0 + $1.checkpointManager.memory } }
    }

    /// Items (mutations and meta items) held in checkpoints over all vBuckets.
    public var checkpointItems: Int {
        DomainGuard.run(.primary) { vbuckets.reduce(0) { $0 + $1.checkpointManager.numItems } }
    }

    public var numCheckpoints: Int {
        DomainGuard.run(.primary) { vbuckets.reduce(0) { $0 + $1.checkpointManager.numCheckpoints } }
    }

    /// Checkpoint quota: `max_size × checkpoint_memory_ratio`.
    public var checkpointQuota: Int { Int(Double(quota.maxSize) * configuration.checkpointMemoryRatio) }

    /// Write admission (ep-engine's `hasMemoryForStoredValue` plus the checkpoint memory state):
    /// refuses when `mem_used + needed ≥ quota × mutation_mem_ratio` or checkpoint memory —
    /// removed checkpoints awaiting the destroyer included — is full, as a temporary failure below
    /// the quota and out-of-memory at or over it. Wakes the item pager and checkpoint recovery when
    /// their thresholds are crossed (recovery only when a reduction is due: memory the destroyer
    /// is about to free does not need it).
    private func admit(needed: Int) throws(EngineError) {
        let used = memory.estimated
        let maxSize = quota.maxSize
        let checkpointState = checkpointMemoryState
        if used > quota.highWat { wakeItemPager() }
        if checkpointState != .available && requiredCheckpointMemoryReduction > 0 { wakeCheckpointRecovery() }
        let memoryFull = Double(used + needed) >= Double(maxSize) * configuration.mutationMemRatio
        if memoryFull || checkpointState == .full {
            if used < maxSize {
                stats.tmpOOMErrors.add(1, ordering: .relaxed)
                if !memoryFull { stats.tmpFailuresCheckpointMemory.add(1, ordering: .relaxed) }
                throw .temporaryFailure
            }
            stats.oomErrors.add(1, ordering: .relaxed)
            throw .outOfMemory
        }
    }

    /// A hybrid-logical-clock CAS: wall-clock nanoseconds, strictly increasing across threads.
    private func nextCas() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let now = UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
        var current = hlc.load(ordering: .relaxed)
        while true {
            let next = max(now, current + 1)
            let (exchanged, original) = hlc.compareExchange(expected: current, desired: next, ordering: .relaxed)
            if exchanged { return next }
            current = original
        }
    }
}

/// The bucket's long-lived background tasks, created once the bucket exists.
struct BucketTasks {
    /// One per shard (`max_num_shards`): flusher `i` persists the vBuckets `v` with `v % shards == i`.
    var flushers: [EngineTask] = []
    var itemPager: EngineTask?
    var checkpointRecovery: EngineTask?
    var backgroundFetcher: EngineTask?
}

/// Coalesces wake-ups from the write path: only the first writer to see a threshold crossed
/// pays for waking the task; the task clears its flag when it runs.
final class WakeFlags: Sendable {
    /// One per flusher.
    let flushers: [WakeFlag]
    let itemPager = Atomic<Bool>(false)
    let checkpointRecovery = Atomic<Bool>(false)

    init(flushers: Int) { self.flushers = (0..<flushers).map { _ in WakeFlag() } }
}

/// One coalescing flag (see `WakeFlags`).
final class WakeFlag: Sendable {
    let pending = Atomic<Bool>(false)
}
