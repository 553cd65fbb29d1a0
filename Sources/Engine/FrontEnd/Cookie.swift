import Locking

/// One command in flight on a connection (memcached's cookie). A command that must wait for a
/// background task returns *would block*; the task fills the cookie's result buffer — owned by
/// the task, never the connection — and calls `notifyIOComplete`, which resumes the command on the
/// connection's front-end thread, where its output is written.
public final class Cookie: Sendable {
    public let connection: Connection
    private let resume: @Sendable (Cookie) -> Void
    let result = LockedValue<[(String, String)]>([])

    public init(connection: Connection, resume: @escaping @Sendable (Cookie) -> Void) {
        self.connection = connection
        self.resume = resume
    }

    /// Called by the background task when the result buffer is complete. Any thread.
    public func notifyIOComplete() {
        connection.frontEnd.post { [self] in resume(self) }
    }

    /// The result the background task produced (read on the front-end thread after resumption).
    public var collected: [(String, String)] { result.withLock { $0 } }
}
