import Synchronization

/// A background task (ep-engine's `GlobalTask`): a body that the executor runs on one of its pool's
/// threads, in the Primary memory domain. The body returns true to be run again — at once, or
/// after the delay it asked for with `snooze(_:)` — and false when it is done. `wake()` (through
/// the executor) brings a snoozing task forward. Thread-safe.
public final class EngineTask: Sendable {
    public let name: String
    public let pool: TaskPoolKind
    let body: @Sendable (EngineTask) -> Bool
    /// Seconds to sleep after the current run, as asked by the body; negative = run again at once.
    let requestedSnooze = Atomic<Int64>(-1)

    public init(name: String, pool: TaskPoolKind, body: @escaping @Sendable (EngineTask) -> Bool) {
        self.name = name
        self.pool = pool
        self.body = body
    }

    /// Called from the body: after this run, sleep `seconds` unless woken earlier.
    public func snooze(_ seconds: Double) {
        requestedSnooze.store(Int64(seconds * 1e9), ordering: .relaxed)
    }
}

/// What the executor measured for one task.
public struct TaskStats: Sendable, Equatable {
    public var name: String
    public var pool: TaskPoolKind
    public var runs: Int
    /// Σ wall time inside the body.
    public var totalRuntime: Double
    /// Σ and max of (start − due time): how long ready work waited for a thread.
    public var totalSchedulingDelay: Double
    public var maxSchedulingDelay: Double

    /// The same name and pool, nothing counted yet.
    var zeroed: TaskStats {
        TaskStats(name: name, pool: pool, runs: 0, totalRuntime: 0, totalSchedulingDelay: 0, maxSchedulingDelay: 0)
    }

    /// Adds `other`'s runs to these (another task of the same name).
    mutating func absorb(_ other: TaskStats) {
        runs += other.runs
        totalRuntime += other.totalRuntime
        totalSchedulingDelay += other.totalSchedulingDelay
        maxSchedulingDelay = max(maxSchedulingDelay, other.maxSchedulingDelay)
    }
}
