#if canImport(Glibc)
import Glibc
#endif
import DequeModule
import Locking
import MemoryTracking

/// The in-process DCP consumer. It receives on the producer connection's front-end thread (the
/// connection's sink), processes on its own thread at an optional drain rate, acknowledges the
/// bytes it processed (flow control), and verifies as it goes: per vBucket, seqnos strictly
/// increase (so no version arrives twice) and fall inside the current snapshot marker.
/// `verify(against:)` then checks that every key's latest version up to what the stream covered
/// arrived exactly once. Thread-safe.
public final class DcpConsumer: @unchecked Sendable {
    struct VBucketState {
        var lastSeqno: Int64 = 0
        var snapshot: ClosedRange<Int64>?
        /// Each key's last version received. Exactly-once needs nothing more: seqnos strictly
        /// increase per vBucket (checked), so no version can arrive twice unnoticed.
        var received: [String: Int64] = [:]
        var ended = false
    }

    public let name: String
    /// Bytes processed before an acknowledgement is sent (or sooner, when the inbox is empty).
    static let acknowledgeBatch = 32 << 10
    private let drainBytesPerSecond: Double?
    private let inbox = LockedValue<Deque<Received>>([])
    private let verification = LockedValue<(vbuckets: [UInt16: VBucketState], failures: [String], bytes: Int, items: Int)>(([:], [], 0, 0))
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var stopping = false
    private var thread = pthread_t()
    /// Boxed: a function value stored behind a generic lock would be re-wrapped in a
    /// reabstraction thunk on every access, growing without bound.
    private let acknowledge = LockedValue<Callback<Int>?>(nil)

    /// `drainBytesPerSecond` nil = as fast as it can.
    public init(name: String, drainBytesPerSecond: Double?) {
        self.name = name
        self.drainBytesPerSecond = drainBytesPerSecond
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        thread = TrackedThread.start(name: "dcp-consumer") { self.loop() }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Where acknowledgements go (the producer's flow control).
    public func connect(acknowledge: @escaping @Sendable (Int) -> Void) {
        self.acknowledge.withLock { $0 = Callback(acknowledge) }
    }

    /// The connection sink: called on the front-end thread. Like bytes written to a socket, the
    /// consumer keeps a copy made outside the engine's domain; the engine's items (and their
    /// value blobs) are released by the front end, in the engine's domain.
    public func receive(_ output: ConnectionOutput) {
        guard case .dcp(let sent) = output else { return }
        let wasEmpty = DomainGuard.run(.none) {
            let message = Received(sent)
            return inbox.withLock { inbox in
                inbox.append(message)
                return inbox.count == 1
            }
        }
        // The consumer only sleeps on an empty inbox, so only the first message needs to wake it.
        guard wasEmpty else { return }
        pthread_mutex_lock(mutex)
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Processes what is queued, then stops the consumer thread.
    public func stop() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
        pthread_join(thread, nil)
        // The callback refers to the producer, which refers (through its connection) back to us.
        acknowledge.withLock { $0 = nil }
    }

    public var itemsReceived: Int { verification.withLock { $0.items } }
    public var bytesReceived: Int { verification.withLock { $0.bytes } }
    public var failures: [String] { verification.withLock { $0.failures } }
    public func endedStreams() -> Set<UInt16> { verification.withLock { Set($0.vbuckets.filter { $1.ended }.keys) } }

    /// The highest seqno processed for a vBucket (0 before any).
    public func verifiedSeqno(vbid: Int) -> Int64 { verification.withLock { $0.vbuckets[UInt16(vbid)]?.lastSeqno ?? 0 } }

    private func loop() {
        let started = MonotonicClock.now
        var processedBytes = 0.0
        var unacknowledged = 0
        while true {
            let message = inbox.withLock { $0.popFirst() }
            guard let message else {
                pthread_mutex_lock(mutex)
                if stopping && inbox.withLock({ $0.isEmpty }) {
                    pthread_mutex_unlock(mutex)
                    return
                }
                if inbox.withLock({ $0.isEmpty }) { pthread_cond_wait(condition, mutex) }
                pthread_mutex_unlock(mutex)
                continue
            }
            if let rate = drainBytesPerSecond {
                let due = started + processedBytes / rate
                let wait = due - MonotonicClock.now
                if wait > 0 { usleep(UInt32(min(wait, 1) * 1e6)) }
            }
            processedBytes += Double(message.size)
            process(message)
            // Acknowledge in batches, as real consumers do: each acknowledgement wakes the producer.
            unacknowledged += message.size
            if unacknowledged >= Self.acknowledgeBatch || inbox.withLock({ $0.isEmpty }) {
                acknowledge.withLock { $0 }?.call(unacknowledged)
                unacknowledged = 0
            }
        }
    }

    private func process(_ message: Received) {
        verification.withLock { state in
            state.bytes += message.size
            var failures: [String] = []
            // Mutated in place (not copied out and back) so the per-key history is never copied.
            Self.apply(message, to: &state.vbuckets[message.vbid, default: VBucketState()], failures: &failures)
            if case .document = message.kind { state.items += 1 }
            for failure in failures where state.failures.count < 20 { state.failures.append("vb \(message.vbid): \(failure)") }
        }
    }

    private static func apply(_ message: Received, to vbucket: inout VBucketState, failures: inout [String]) {
        switch message.kind {
        case .snapshotMarker(let start, let end):
            if start > end { failures.append("snapshot marker [\(start), \(end)] is empty") }
            vbucket.snapshot = start...end
        case .document(let key, let seqno):
            if seqno <= vbucket.lastSeqno { failures.append("seqno \(seqno) after \(vbucket.lastSeqno): not strictly increasing") }
            if let snapshot = vbucket.snapshot {
                if !snapshot.contains(seqno) {
                    failures.append("seqno \(seqno) outside the snapshot marker [\(snapshot.lowerBound), \(snapshot.upperBound)]")
                }
            } else {
                failures.append("seqno \(seqno) arrived before any snapshot marker")
            }
            vbucket.received[key] = seqno
            vbucket.lastSeqno = max(vbucket.lastSeqno, seqno)
        case .streamEnd:
            vbucket.ended = true
        }
    }

    /// Per vBucket received: the last seqno processed and each key's last version received.
    var receivedVersions: [UInt16: (lastSeqno: Int64, versions: [String: Int64])] {
        verification.withLock { state in state.vbuckets.mapValues { ($0.lastSeqno, $0.received) } }
    }
}

/// The consumer's own copy of a message: what verification needs, nothing of the engine's.
struct Received: Sendable {
    enum Kind: Sendable {
        case snapshotMarker(start: Int64, end: Int64)
        case document(key: String, seqno: Int64)
        case streamEnd
    }

    let vbid: UInt16
    let size: Int
    let kind: Kind

    init(_ message: DcpMessage) {
        vbid = message.vbid
        size = message.size
        switch message {
        case .snapshotMarker(_, let start, let end, _): kind = .snapshotMarker(start: start, end: end)
        case .mutation(_, let key, _, let seqno, _), .deletion(_, let key, let seqno, _):
            kind = .document(key: String(copyingStorageOf: key), seqno: seqno)
        case .streamEnd: kind = .streamEnd
        }
    }
}
