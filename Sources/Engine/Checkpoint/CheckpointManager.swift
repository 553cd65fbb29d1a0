import DequeModule
import Locking
import Synchronization

/// Owns one vBucket's checkpoints and cursors and assigns its seqnos (ep-engine's
/// `CheckpointManager`). Invariants: the last checkpoint is the only open one; checkpoint ids are
/// consecutive from 1; every cursor is in a live checkpoint; a closed checkpoint without cursors
/// at the front of the list is removed.
///
/// Thread-safe: every public method takes the manager's lock (ep-engine's `queueLock`) and may be
/// called from any thread. Callers that hold a hash-table lock may call in (lock order: hash
/// table stripe → checkpoint manager), never the reverse.
public final class CheckpointManager: Sendable {
    public let vbid: UInt16
    let state: LockedValue<State>
    let maxSize: CheckpointMaxSize

    /// Without a `destroyer`, removed checkpoints are deallocated inline, under the manager's lock.
    public convenience init(vbid: UInt16, lastSeqno: Int64, maxSize: CheckpointMaxSize, counters: EngineMemoryCounters = EngineMemoryCounters()) {
        self.init(vbid: vbid, lastSeqno: lastSeqno, maxSize: maxSize, counters: counters, destroyer: nil)
    }

    init(vbid: UInt16, lastSeqno: Int64, maxSize: CheckpointMaxSize, counters: EngineMemoryCounters, destroyer: CheckpointDestroyer?) {
        self.vbid = vbid
        self.maxSize = maxSize
        state = LockedValue(State(vbid: vbid, lastSeqno: lastSeqno, counters: counters, destroyer: destroyer))
    }

    /// State behind the lock. Every method assumes the caller holds `CheckpointManager.state`.
    struct State {
        let vbid: UInt16
        var checkpoints: Deque<Checkpoint>
        var cursors: [String: CheckpointCursor] = [:]
        var highSeqno: Int64
        let counters: EngineMemoryCounters
        let destroyer: CheckpointDestroyer?

        init(vbid: UInt16, lastSeqno: Int64, counters: EngineMemoryCounters, destroyer: CheckpointDestroyer?) {
            self.vbid = vbid
            self.counters = counters
            self.destroyer = destroyer
            highSeqno = lastSeqno
            checkpoints = [Checkpoint(id: 1, snapshotStartSeqno: lastSeqno + 1, vbid: vbid, counters: counters)]
        }

        var openCheckpoint: Checkpoint { checkpoints[checkpoints.count - 1] }

        func checkpoint(id: UInt64) -> Checkpoint {
            checkpoints[Int(id - checkpoints[0].id)]
        }
    }

    /// The vBucket's high seqno (last mutation seqno assigned).
    public var highSeqno: Int64 { state.withLock { $0.highSeqno } }

    public var numCheckpoints: Int { state.withLock { $0.checkpoints.count } }

    public var openCheckpointId: UInt64 { state.withLock { $0.openCheckpoint.id } }

    /// Items in memory across all checkpoints as ep-engine's `getNumItems` counts them:
    /// mutations, meta items and each checkpoint's `checkpoint_start` (not the dummy).
    public var numItems: Int {
        state.withLock { $0.checkpoints.reduce(0) { $0 + $1.numItems } }
    }

    /// The engine's estimate of this vBucket's checkpoint memory.
    public var memory: CheckpointMemory {
        state.withLock { state in
            state.checkpoints.reduce(CheckpointMemory()) {
                $0 + CheckpointMemory(queuedItems: $1.queuedItemsMemory, queueOverhead: $1.queueOverheadMemory,
                                      keyIndex: $1.keyIndexMemory)
            }
        }
    }
}

/// The open checkpoint's size limit, shared by every vBucket of a bucket and changed when the
/// quota changes. Any thread may read or set it.
public final class CheckpointMaxSize: Sendable {
    private let bytes: Atomic<Int>

    public init(_ value: Int) { bytes = Atomic(value) }

    public var value: Int {
        get { bytes.load(ordering: .relaxed) }
    }

    public func set(_ value: Int) { bytes.store(max(1, value), ordering: .relaxed) }
}
