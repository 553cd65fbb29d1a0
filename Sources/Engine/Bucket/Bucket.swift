#if canImport(Glibc)
import Glibc
#endif
import MemoryTracking
import Synchronization

/// The bucket: the engine's front door. Every public entry point switches the calling thread into
/// the Primary memory domain for its duration (as memcached does when a front-end thread enters a
/// bucket), so engine allocations are charged to the engine and the caller's are not.
///
/// Thread-safe: any number of front-end threads may call concurrently.
public final class Bucket: Sendable {
    public let configuration: BucketConfiguration
    public let checkpointMaxSize: CheckpointMaxSize
    private let vbuckets: [VBucket]
    private let hlc = Atomic<UInt64>(0)

    /// Creates `max_vbuckets` active vBuckets whose last seqno is `lastSeqno`.
    public init(configuration: BucketConfiguration, lastSeqno: Int64 = 0) {
        precondition(configuration.validationErrors().isEmpty, "invalid configuration: \(configuration.validationErrors())")
        self.configuration = configuration
        let maxSize = CheckpointMaxSize(configuration.effectiveCheckpointMaxSize)
        checkpointMaxSize = maxSize
        vbuckets = DomainGuard.run(.primary) {
            (0..<configuration.maxVBuckets).map {
                VBucket(id: UInt16($0), state: .active, lastSeqno: lastSeqno, configuration: configuration, maxSize: maxSize)
            }
        }
    }

    public var numVBuckets: Int { vbuckets.count }

    public func vbucket(_ id: Int) -> VBucket { vbuckets[id] }

    public func vbucket(for key: String) -> VBucket {
        vbuckets[VBucketMap.vbucket(for: key, count: vbuckets.count)]
    }

    /// Stores `value` under `key` (copied into an engine-owned blob inside the Primary domain).
    @discardableResult
    public func set(_ key: String, value: UnsafeRawBufferPointer, flags: UInt32 = 0, expiry: UInt32 = 0) throws(EngineError) -> MutationResult {
        try DomainGuard.run(.primary) { () throws(EngineError) -> MutationResult in
            let blob = ValueBlob(copying: value)
            return try vbucket(for: key).set(key: key, value: blob, flags: flags, expiry: expiry, cas: nextCas())
        }
    }

    /// Deletes `key` (a deletion is queued; the hash table keeps a tombstone).
    @discardableResult
    public func delete(_ key: String) throws(EngineError) -> MutationResult {
        try DomainGuard.run(.primary) { () throws(EngineError) -> MutationResult in
            try vbucket(for: key).delete(key: key, cas: nextCas())
        }
    }

    /// Looks `key` up and returns the value's length; copies up to `into.count` bytes of the value
    /// when a buffer is given (the caller owns the buffer, so nothing the engine allocated leaks
    /// into the caller's domain).
    @discardableResult
    public func get(_ key: String, into buffer: UnsafeMutableRawBufferPointer? = nil) throws(EngineError) -> Int {
        try DomainGuard.run(.primary) { () throws(EngineError) -> Int in
            try vbucket(for: key).get(key: key) { stored in
                guard let value = stored.value else { return 0 }
                if let buffer {
                    value.withUnsafeBytes { bytes in
                        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(buffer.count)))
                    }
                }
                return value.count
            }
        }
    }

    /// Changes a vBucket's state and queues the `set_vbucket_state` meta item.
    public func setVBucketState(_ vbid: Int, _ state: VBucketState) {
        DomainGuard.run(.primary) { vbuckets[vbid].setState(state) }
    }

    /// Runs expel on every vBucket (what ep-engine's checkpoint-memory recovery does as its second
    /// strategy) and returns the engine's combined accounting.
    public func expelAll() -> ExpelResult {
        DomainGuard.run(.primary) {
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

    /// The engine's checkpoint-memory estimate over all vBuckets.
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
