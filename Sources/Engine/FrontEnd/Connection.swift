import Locking
import Synchronization

/// A client connection. It belongs to one front-end thread, and only that thread may write its
/// output: the rule that two upstream bugs taught (background threads writing a connection race
/// with the front end). `write` checks it and fails loudly — it throws and counts the violation —
/// so a background task that tries is caught in tests and under ThreadSanitizer.
public final class Connection: Sendable {
    public let name: String
    public let frontEnd: FrontEndThread
    private let sink: @Sendable (ConnectionOutput) -> Void
    private let violations = Atomic<Int>(0)
    private let closed = Atomic<Bool>(false)
    private let discarded = Atomic<Int>(0)

    /// `sink` receives everything written, on the front-end thread (an in-process peer such as a
    /// DCP consumer, or a test's collector).
    public init(name: String, frontEnd: FrontEndThread, sink: @escaping @Sendable (ConnectionOutput) -> Void) {
        self.name = name
        self.frontEnd = frontEnd
        self.sink = sink
    }

    /// Writes `output` to the peer; on a closed connection the output is discarded (counted): a
    /// command that completes after its client went away has nowhere to go.
    public func write(_ output: ConnectionOutput) throws(ConnectionOwnershipViolation) {
        guard frontEnd.isCurrent else {
            violations.add(1, ordering: .relaxed)
            throw ConnectionOwnershipViolation(connection: name, owner: frontEnd.name)
        }
        guard !closed.load(ordering: .relaxed) else {
            discarded.add(1, ordering: .relaxed)
            return
        }
        sink(output)
    }

    /// The client goes away. Commands still waiting for a background task keep their cookies
    /// (the task completes them later), but nothing more reaches the peer. Front-end thread only.
    public func close() { closed.store(true, ordering: .relaxed) }

    public var isClosed: Bool { closed.load(ordering: .relaxed) }

    /// How many writes from a thread other than the owner were refused.
    public var ownershipViolations: Int { violations.load(ordering: .relaxed) }

    /// Outputs discarded because the connection had closed.
    public var discardedOutputs: Int { discarded.load(ordering: .relaxed) }
}

/// What a connection carries out.
public enum ConnectionOutput: Sendable {
    case stats([(String, String)])
    case dcp(DcpMessage)
}

/// A write to a connection from a thread that does not own it.
public struct ConnectionOwnershipViolation: Error, Sendable, CustomStringConvertible {
    public var connection: String
    public var owner: String
    public var description: String { "connection \(connection) written from a thread other than its front-end thread \(owner)" }
}
