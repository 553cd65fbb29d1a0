/// Removal of whole checkpoints: closed, at the front of the list, with no cursor. A removed
/// checkpoint goes to the bucket's `CheckpointDestroyer` when there is one.
extension CheckpointManager {
    /// Removes every closed, unreferenced checkpoint at the front.
    @discardableResult
    public func removeClosedUnreferencedCheckpoints() -> CheckpointRemoval {
        state.withLock { $0.removeClosedUnreferencedCheckpoints() }
    }
}

/// What a removal took out of a checkpoint manager: checkpoints, their items (as `numItems`
/// counts them) and their memory by the engine's accounting.
public struct CheckpointRemoval: Sendable, Equatable {
    public var checkpoints = 0
    public var items = 0
    public var memory = 0

    public init(checkpoints: Int = 0, items: Int = 0, memory: Int = 0) {
        self.checkpoints = checkpoints
        self.items = items
        self.memory = memory
    }

    public static func + (a: Self, b: Self) -> Self {
        Self(checkpoints: a.checkpoints + b.checkpoints, items: a.items + b.items, memory: a.memory + b.memory)
    }
}

extension CheckpointManager.State {
    /// `strategy`: the recovery strategy the removal is part of, so that the destroyer credits
    /// the bytes it frees to it; nil for removals no recovery asked for.
    @discardableResult
    mutating func removeClosedUnreferencedCheckpoints(by strategy: CheckpointRecoveryStats.Strategy? = nil) -> CheckpointRemoval {
        var removed = CheckpointRemoval()
        while checkpoints.count > 1, let oldest = checkpoints.first, oldest.state == .closed, oldest.numCursors == 0 {
            let checkpoint = checkpoints.removeFirst()
            removed = removed + CheckpointRemoval(checkpoints: 1, items: checkpoint.numItems, memory: checkpoint.memoryUsage)
            checkpoint.removedBy = strategy
            checkpoint.release()
            destroyer?.hand(checkpoint)
        }
        return removed
    }
}
