@_spi(Testing) import Engine
import Locking
import Workload

/// One `dcp` phase's streams: a producer whose connection lives on its own front-end thread,
/// and an in-process consumer that drains at the workload's rate and verifies what arrives.
/// Opened by one phase, finished (waited for or closed) by a later one, possibly on another
/// branch's thread. Thread-safe.
final class DcpStreamSet: Sendable {
    let spec: Phase.DcpStreams
    let bucket: Bucket
    let frontEnd: FrontEndThread
    let consumer: DcpConsumer
    let producer: DcpProducer
    let vbuckets: [Int]

    init(_ spec: Phase.DcpStreams, bucket: Bucket) {
        self.spec = spec
        self.bucket = bucket
        frontEnd = FrontEndThread(name: "fe-dcp-\(spec.name)")
        let consumer = DcpConsumer(name: spec.name, drainBytesPerSecond: spec.drain)
        self.consumer = consumer
        let connection = Connection(name: "dcp:\(spec.name)", frontEnd: frontEnd) { consumer.receive($0) }
        producer = DcpProducer(name: spec.name, bucket: bucket, connection: connection, bufferSize: spec.buffer,
                               backfillByteLimit: spec.backfillByteLimit)
        consumer.connect { [weak producer] in producer?.acknowledge(bytes: $0) }
        vbuckets = spec.vbuckets ?? Array(0..<bucket.numVBuckets)
        for vbid in vbuckets {
            let end: Int64
            switch spec.toSeqno {
            case .high: end = bucket.vbucket(vbid).checkpointManager.highSeqno
            case .none: end = .max
            case .seqno(let seqno): end = Int64(seqno)
            }
            producer.streamRequest(vbid: vbid, startSeqno: Int64(spec.fromSeqno), endSeqno: end)
        }
    }

    var isDone: Bool { producer.isDone && consumer.endedStreams().count == vbuckets.count }

    /// The connection goes away without closing the producer: both threads stop, and the caller
    /// lets go of the set (and with it the only strong reference to the producer). Returns the
    /// prefix of the producer's cursor names, to look for leftovers once it is gone.
    func abandon() -> String {
        frontEnd.stop()
        consumer.stop()
        return producer.cursorNamePrefix
    }

    /// Closes the producer, lets the consumer process what it has, stops both threads and
    /// returns what went wrong (empty = verified): the consumer's verification, and any release
    /// of the backfill buffer beyond what was charged.
    func finish() -> DcpOutcome {
        producer.close()
        frontEnd.stop()
        consumer.stop()
        return DcpOutcome(name: spec.name, backfill: producer.backfillStats, bufferFullEvents: producer.backfillBufferFullEvents,
                          itemsReceived: consumer.itemsReceived,
                          failures: consumer.verify(against: bucket) + producer.backfillAccountingErrors
                            + (producer.connection.ownershipViolations > 0
                               ? ["\(producer.connection.ownershipViolations) write(s) to the connection from a background thread"] : []))
    }
}

/// What a finished stream set measured.
struct DcpOutcome: Sendable {
    var name: String
    var backfill: BackfillStats
    var bufferFullEvents: Int
    var itemsReceived: Int
    var failures: [String]
}

/// The stream sets of one repetition, shared by every branch of the phases.
final class DcpRegistry: Sendable {
    private let open = LockedValue<[String: DcpStreamSet]>([:])
    private let finished = LockedValue<[DcpOutcome]>([])
    private let droppedCursorsLeft = LockedValue<Int?>(nil)

    func add(_ set: DcpStreamSet) { open.withLock { $0[set.spec.name] = set } }

    func take(_ name: String) -> DcpStreamSet? { open.withLock { $0.removeValue(forKey: name) } }

    func peek(_ name: String) -> DcpStreamSet? { open.withLock { $0[name] } }

    func record(_ outcome: DcpOutcome) { finished.withLock { $0.append(outcome) } }

    /// Cursors a dropped producer left (nil until a `dcp_drop` ran).
    func recordDropped(cursorsLeft: Int) { droppedCursorsLeft.withLock { $0 = ($0 ?? 0) + cursorsLeft } }

    var cursorsLeftByDroppedProducers: Int? { droppedCursorsLeft.withLock { $0 } }

    /// Finishes every open set and returns their outcomes (not yet recorded).
    func closeOpen() -> [DcpOutcome] {
        let remaining = open.withLock { sets in
            defer { sets = [:] }
            return sets.values.sorted { $0.spec.name < $1.spec.name }
        }
        return remaining.map { $0.finish() }
    }

    /// Finishes sets no phase closed (the run is over) and returns every outcome.
    func finishAll() -> [DcpOutcome] {
        closeOpen().forEach(record)
        return finished.withLock { $0 }
    }
}
