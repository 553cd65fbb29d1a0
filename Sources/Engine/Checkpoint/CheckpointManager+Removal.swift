/// Removal of whole checkpoints: closed, at the front of the list, with no cursor. A removed
/// checkpoint goes to the bucket's `CheckpointDestroyer` when there is one.
extension CheckpointManager {
    /// Removes every closed, unreferenced checkpoint at the front; returns how many went.
    @discardableResult
    public func removeClosedUnreferencedCheckpoints() -> Int {
        state.withLock { $0.removeClosedUnreferencedCheckpoints() }
    }
}

extension CheckpointManager.State {
    @discardableResult
    mutating func removeClosedUnreferencedCheckpoints() -> Int {
        var removed = 0
        while checkpoints.count > 1, let oldest = checkpoints.first, oldest.state == .closed, oldest.numCursors == 0 {
            let checkpoint = checkpoints.removeFirst()
            checkpoint.release()
            destroyer?.hand(checkpoint)
            removed += 1
        }
        return removed
    }
}
