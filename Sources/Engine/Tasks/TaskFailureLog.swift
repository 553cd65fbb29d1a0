import Locking

/// Failures that background tasks survived (a commit the flusher retries, a backfill scan that
/// will be tried again, a background fetch that failed its waiting front end): counted by task
/// and kept with the last message, so a run reports them instead of retrying in silence.
/// Any thread may record or read.
public final class TaskFailureLog: Sendable {
    private let failures = LockedValue<[String: TaskFailure]>([:])

    public init() {}

    func record(task: String, _ message: String) {
        failures.withLock { TaskFailure.add(task: task, count: 1, lastMessage: message, to: &$0) }
    }

    /// Every task that failed at least once, by name.
    public var all: [TaskFailure] { failures.withLock { $0.values.sorted { $0.task < $1.task } } }
}

/// How often one task failed, and its last error.
public struct TaskFailure: Sendable, Equatable {
    public var task: String
    public var count: Int
    public var lastMessage: String
}

extension TaskFailure {
    /// Two logs' failures combined by task; the later log's message is the last one.
    public static func merge(_ earlier: [TaskFailure], _ later: [TaskFailure]) -> [TaskFailure] {
        var byTask = Dictionary(uniqueKeysWithValues: earlier.map { ($0.task, $0) })
        for failure in later { add(task: failure.task, count: failure.count, lastMessage: failure.lastMessage, to: &byTask) }
        return byTask.values.sorted { $0.task < $1.task }
    }

    fileprivate static func add(task: String, count: Int, lastMessage: String, to byTask: inout [String: TaskFailure]) {
        byTask[task, default: TaskFailure(task: task, count: 0, lastMessage: "")].count += count
        byTask[task]!.lastMessage = lastMessage
    }
}
