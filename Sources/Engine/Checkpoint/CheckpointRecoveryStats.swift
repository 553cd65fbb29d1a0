import Locking

/// What checkpoint-memory recovery (`CheckpointMemRecoveryTask`) did, per strategy: how many
/// checkpoints it removed, items it expelled or cursors it dropped, the bytes the engine's
/// accounting says that freed, and the bytes the allocator saw freed. Expel frees on the
/// recovery task's thread; removed checkpoints (whether closed by a full open checkpoint or made
/// unreferenced by a dropped cursor) are freed by the destroyer task, which credits each one's
/// bytes to the strategy that removed it. Relaxed atomics; any thread.
public final class CheckpointRecoveryStats: Sendable {
    /// kv_engine's three strategies, in the order `runInner` tries them.
    public enum Strategy: Int, Sendable, CaseIterable {
        /// A new checkpoint opened where the open one was full, caught-up cursors moved into it,
        /// and the closed ones left unreferenced removed.
        case checkpointRemoval
        case itemExpel
        /// Droppable cursors in checkpoints older than the persistence cursor's dropped, and the
        /// checkpoints that leaves unreferenced removed.
        case cursorDrop
    }

    /// Recovery runs at most every 0.1 s per bucket and the destroyer once per checkpoint: a lock is cheap here.
    private let totals = LockedValue(CheckpointRecoverySnapshot())

    public init() {}

    /// `count`: checkpoints removed, items expelled or cursors dropped.
    func record(_ strategy: Strategy, count: Int, engineBytes bytes: Int) {
        guard count != 0 || bytes != 0 else { return }
        totals.withLock {
            $0.counts[strategy.rawValue] += count
            $0.engineBytes[strategy.rawValue] += bytes
        }
    }

    /// Checkpoints removed because a cursor was dropped.
    func recordCheckpointsRemovedByCursorDrop(_ count: Int) {
        if count != 0 { totals.withLock { $0.checkpointsRemovedByCursorDrop += count } }
    }

    func recordAllocatorFreed(_ strategy: Strategy, _ bytes: Int) {
        totals.withLock { $0.allocatorBytes[strategy.rawValue] += bytes }
    }

    public var snapshot: CheckpointRecoverySnapshot { totals.withLock { $0 } }
}

/// Recovery's counters at one instant, indexed by `CheckpointRecoveryStats.Strategy`.
public struct CheckpointRecoverySnapshot: Sendable, Equatable {
    public var counts: [Int]
    public var checkpointsRemovedByCursorDrop: Int
    public var engineBytes: [Int]
    public var allocatorBytes: [Int]

    public init(counts: [Int] = [0, 0, 0], checkpointsRemovedByCursorDrop: Int = 0, engineBytes: [Int] = [0, 0, 0],
                allocatorBytes: [Int] = [0, 0, 0]) {
        self.counts = counts
        self.checkpointsRemovedByCursorDrop = checkpointsRemovedByCursorDrop
        self.engineBytes = engineBytes
        self.allocatorBytes = allocatorBytes
    }

    public func count(_ strategy: CheckpointRecoveryStats.Strategy) -> Int { counts[strategy.rawValue] }
    public func engineBytes(_ strategy: CheckpointRecoveryStats.Strategy) -> Int { engineBytes[strategy.rawValue] }
    public func allocatorBytes(_ strategy: CheckpointRecoveryStats.Strategy) -> Int { allocatorBytes[strategy.rawValue] }

    public var checkpointsRemoved: Int { count(.checkpointRemoval) }
    public var itemsExpelled: Int { count(.itemExpel) }
    public var cursorsDropped: Int { count(.cursorDrop) }

    public static func + (a: Self, b: Self) -> Self {
        Self(counts: zip(a.counts, b.counts).map(+), checkpointsRemovedByCursorDrop: a.checkpointsRemovedByCursorDrop + b.checkpointsRemovedByCursorDrop,
             engineBytes: zip(a.engineBytes, b.engineBytes).map(+), allocatorBytes: zip(a.allocatorBytes, b.allocatorBytes).map(+))
    }
}
