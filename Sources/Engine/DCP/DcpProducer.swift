import Locking
import MemoryTracking
import Synchronization

/// A DCP producer: one per consumer connection, one `ActiveStream` per requested vBucket and a
/// `BackfillManager`. Sending happens only on the connection's front-end thread (`step`), which
/// drains ready queues round robin while flow control allows: at most `bufferSize` bytes may be
/// unacknowledged by the consumer. Background work (backfills, a notifier that looks for new
/// checkpoint items) only queues data and asks the front end to step.
///
/// Thread-safe. `close()` ends every stream, cancels every backfill and removes the cursors.
public final class DcpProducer: Sendable {
    public let name: String
    public let connection: Connection
    let bucket: Bucket
    let streams = LockedValue<[UInt16: ActiveStream]>([:])
    let backfills: BackfillManager
    private let bufferSize: Int
    private let unacked = Atomic<Int>(0)
    private let stepScheduled = Atomic<Bool>(false)
    private let closed = Atomic<Bool>(false)
    private let sentItems = Atomic<Int>(0)
    private let notifier = LockedValue<EngineTask?>(nil)

    /// Items pulled from a cursor per stream per run of the checkpoint processor.
    static let checkpointBatch = 512
    /// Items sent from one stream before the front end moves to the next.
    static let sendBatch = 64

    public init(name: String, bucket: Bucket, connection: Connection, bufferSize: Int,
                backfillByteLimit: Int = 20 << 20) {
        self.name = name
        self.bucket = bucket
        self.connection = connection
        self.bufferSize = max(1, bufferSize)
        let notify = LockedValue<Callback<Void>?>(nil)
        backfills = BackfillManager(bucket: bucket, bufferLimit: backfillByteLimit) { notify.withLock { $0 }?.call(()) }
        notify.withLock { $0 = Callback { [weak self] _ in self?.notify() } }
        let task = EngineTask(name: "ActiveStreamCheckpointProcessorTask[\(name)]", pool: .nonIO) { [weak self] task in
            guard let self, !self.closed.load(ordering: .relaxed) else { return false }
            if self.processCheckpoints() { self.notify() }
            task.snooze(0.002)
            return true
        }
        notifier.withLock { $0 = task }
        bucket.executor.schedule(task)
        bucket.register(self)
    }

    /// Opens a stream for a consumer that has every seqno up to `startSeqno`, ending after
    /// `endSeqno` (`Int64.max` for an open-ended stream).
    public func streamRequest(vbid: Int, startSeqno: Int64, endSeqno: Int64) {
        DomainGuard.run(.primary) { openStream(vbid: vbid, startSeqno: startSeqno, endSeqno: endSeqno) }
    }

    private func openStream(vbid: Int, startSeqno: Int64, endSeqno: Int64) {
        let stream = ActiveStream(vbid: UInt16(vbid), producer: name, startSeqno: startSeqno, endSeqno: endSeqno)
        // The cursor exists before the front end can see the stream; otherwise a step in between
        // would find no cursor and schedule a second backfill of the same range.
        let range = stream.registerCursor(bucket.vbucket(vbid).checkpointManager)
        streams.withLock { $0[UInt16(vbid)] = stream }
        if let range { backfills.schedule(stream, range: range) }
        notify()
    }

    /// The consumer acknowledges bytes it has processed. Any thread.
    public func acknowledge(bytes: Int) {
        unacked.subtract(bytes, ordering: .relaxed)
        notify()
    }

    /// Asks the front-end thread to send what is ready (coalesced). The posted work is allocated
    /// in Primary, where the front end releases it, whichever thread asks.
    func notify() {
        guard !closed.load(ordering: .relaxed), !stepScheduled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        DomainGuard.run(.primary) { connection.frontEnd.post { [weak self] in self?.step() } }
    }

    /// Front-end thread only: moves ready items to the connection, round robin in batches, until
    /// flow control says stop. Counters and the backfill buffer are updated once per batch.
    func step() {
        stepScheduled.store(false, ordering: .releasing)
        guard !closed.load(ordering: .relaxed) else { return }
        let active = streams.withLock { Array($0.values) }.sorted { $0.vbid < $1.vbid }
        var progress = true
        while progress {
            progress = false
            for stream in active {
                let budget = bufferSize - unacked.load(ordering: .relaxed)
                guard budget > 0 else { return }
                let batch = stream.next(budget: budget, limit: Self.sendBatch)
                guard !batch.isEmpty else { continue }
                var bytes = 0
                var backfilled = 0
                var documents = 0
                for item in batch {
                    do {
                        try connection.write(.dcp(item.message))
                    } catch {
                        preconditionFailure("\(error)")
                    }
                    bytes += item.message.size
                    if item.fromBackfill { backfilled += item.message.size }
                    if item.message.seqno != nil { documents += 1 }
                    if case .streamEnd = item.message {
                        bucket.vbucket(Int(stream.vbid)).checkpointManager.removeCursor(name: stream.cursorName)
                    }
                }
                unacked.add(bytes, ordering: .relaxed)
                sentItems.add(documents, ordering: .relaxed)
                if backfilled > 0 { backfills.sent(backfilled) }
                progress = true
            }
        }
    }

    /// The checkpoint processor (ep-engine's `ActiveStreamCheckpointProcessorTask`, nonIO): moves
    /// new checkpoint items into the ready queues of in-memory streams, and sends a stream whose
    /// cursor was dropped back to backfill. Returns whether anything became ready.
    func processCheckpoints() -> Bool {
        var ready = false
        for stream in streams.withLock({ Array($0.values) }) where stream.phase == .inMemory {
            let manager = bucket.vbucket(Int(stream.vbid)).checkpointManager
            let before = stream.state.withLock { $0.readyQueue.count }
            if !stream.fillFromCheckpoints(manager, limit: Self.checkpointBatch), let range = stream.registerCursor(manager) {
                backfills.schedule(stream, range: range)
            }
            let after = stream.state.withLock { ($0.readyQueue.count, $0.lastReadSeqno >= stream.endSeqno) }
            ready = ready || after.0 != before || after.1
        }
        return ready
    }

    /// Every stream has sent its stream-end.
    public var isDone: Bool {
        streams.withLock { $0.values.allSatisfy { $0.state.withLock { $0.endSent } } }
    }

    public var backfillStats: BackfillStats { backfills.stats }
    /// What every cursor this producer's streams register is named after.
    public var cursorNamePrefix: String { ActiveStream.cursorNamePrefix(producer: name) }
    /// Releases of the backfill buffer beyond what was charged: accounting errors (ep-engine
    /// aborts on one); the runner fails the repetition with them.
    public var backfillAccountingErrors: [String] { backfills.overDrains }
    public var backfillBufferFullEvents: Int { backfills.bufferFullEvents }
    public var itemsSent: Int { sentItems.load(ordering: .relaxed) }
    public var unackedBytes: Int { unacked.load(ordering: .relaxed) }
    public var streamCount: Int { streams.withLock { $0.count } }

    /// A producer released without `close()` (its connection just went away) tears down as if
    /// closed: backfills cancelled and their slots returned, cursors removed, queues freed
    /// (ep-engine's `~BackfillManager` and stream teardown; MB-52490).
    deinit { close() }

    /// Ends the streams, cancels every backfill (no scan runs after this returns) and the
    /// notifier, and removes the cursors.
    public func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // Everything the streams still queue was allocated in Primary: release it there.
        DomainGuard.run(.primary) {
            backfills.cancel()
            if let task = notifier.withLock({ $0 }) { bucket.executor.cancel(task) }
            for stream in streams.withLock({ Array($0.values) }) {
                stream.markDead()
                bucket.vbucket(Int(stream.vbid)).checkpointManager.removeCursor(name: stream.cursorName)
            }
        }
    }
}

extension Bucket {
    /// Items backfilled so far and bytes waiting in backfill buffers, over every live producer.
    public var backfillProgress: (items: Int, bufferBytes: Int) {
        dcpProducers.reduce((0, 0)) { ($0.0 + $1.backfills.stats.items, $0.1 + $1.backfills.bufferBytes) }
    }

    /// Producers alive on this bucket (held weakly: a closed, released producer disappears).
    var dcpProducers: [DcpProducer] { producers.withLock { $0.compactMap(\.producer) } }

    func register(_ producer: DcpProducer) {
        producers.withLock { list in
            list.removeAll { $0.producer == nil }
            list.append(WeakProducer(producer: producer))
        }
    }
}

struct WeakProducer: Sendable {
    weak var producer: DcpProducer?
}
