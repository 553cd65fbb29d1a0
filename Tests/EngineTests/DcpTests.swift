@_spi(Testing) import Engine
import Foundation
import XCTest

final class DcpTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws { directory = try EngineTestSupport.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    /// A producer with its connection on its own front-end thread, wired to a verifying consumer.
    struct Link {
        let frontEnd: FrontEndThread
        let consumer: DcpConsumer
        let producer: DcpProducer

        init(bucket: Bucket, name: String, drain: Double? = nil, bufferSize: Int = 1 << 20, backfillByteLimit: Int = 20 << 20) {
            frontEnd = FrontEndThread(name: "fe-\(name)")
            let consumer = DcpConsumer(name: name, drainBytesPerSecond: drain)
            self.consumer = consumer
            let connection = Connection(name: name, frontEnd: frontEnd) { consumer.receive($0) }
            producer = DcpProducer(name: name, bucket: bucket, connection: connection, bufferSize: bufferSize,
                                   backfillByteLimit: backfillByteLimit)
            consumer.connect { [weak producer] in producer?.acknowledge(bytes: $0) }
        }

        func finish() {
            producer.close()
            frontEnd.stop()
            consumer.stop()
        }
    }

    private func persistedBucket(vbuckets: Int, items: Int, valueSize: Int = 200) throws -> Bucket {
        let bucket = try Bucket.open(configuration: BucketConfiguration(maxSize: 512 << 20, maxVBuckets: vbuckets),
                                     dataDirectory: directory, memorySource: .engine)
        for index in 0..<items { try EngineTestSupport.set(bucket, "key\(index)", size: valueSize, fill: UInt8(index % 251)) }
        for index in stride(from: 0, to: items, by: 7) { try EngineTestSupport.set(bucket, "key\(index)", size: valueSize, fill: 9) }
        for index in stride(from: 3, to: items, by: 11) { try bucket.delete("key\(index)") }
        XCTAssertTrue(bucket.waitForPersistence(timeout: 60))
        // Close and drop every checkpoint so what is written lives on disk only.
        for vbid in 0..<vbuckets { bucket.vbucket(vbid).checkpointManager.createNewCheckpoint() }
        // Each open checkpoint holds only its checkpoint_start, which counts as an item.
        XCTAssertTrue(EngineTestSupport.eventually { (0..<vbuckets).allSatisfy { bucket.vbucket($0).checkpointManager.numItems == 1 } })
        return bucket
    }

    func testBackfillBufferHysteresis() {
        var buffer = BackfillBuffer(limit: 1000)
        buffer.recordRead(400)
        XCTAssertFalse(buffer.isFull)
        buffer.recordRead(600)
        XCTAssertTrue(buffer.isFull, "full at the limit")
        buffer.recordSent(1)
        XCTAssertTrue(buffer.isFull, "still full after 1 byte")
        buffer.recordSent(250)
        XCTAssertFalse(buffer.isFull, "clears after a further 25% of the limit")
        XCTAssertEqual(buffer.fullEvents, 1)
        var big = BackfillBuffer(limit: 10)
        XCTAssertTrue(big.canRead(1000), "an item larger than the buffer gets through when it is empty")
        big.recordRead(1000)
        XCTAssertFalse(big.canRead(1))
    }

    /// Everything on disk only: the stream backfills, then ends at the high seqno, and the
    /// consumer verifies every key's latest version exactly once.
    func testBackfillStreamsEverythingAndVerifies() throws {
        let bucket = try persistedBucket(vbuckets: 4, items: 3000)
        defer { bucket.shutdown() }
        let link = Link(bucket: bucket, name: "backfill", backfillByteLimit: 64 << 10)
        for vbid in 0..<4 {
            link.producer.streamRequest(vbid: vbid, startSeqno: 0, endSeqno: bucket.vbucket(vbid).checkpointManager.highSeqno)
        }
        XCTAssertTrue(EngineTestSupport.eventually(60) { link.producer.isDone && link.consumer.endedStreams().count == 4 })
        link.finish()
        XCTAssertEqual(link.consumer.verify(against: bucket), [])
        let written = StatsCollector()
        let statsFrontEnd = FrontEndThread(name: "fe-dcp-stats")
        let statsConnection = Connection(name: "stats", frontEnd: statsFrontEnd) { written.append($0) }
        let cookie = Cookie(connection: statsConnection) { try? $0.connection.write(.stats($0.collected)) }
        statsFrontEnd.post { bucket.collectStats(.dcp, cookie: cookie) }
        XCTAssertTrue(EngineTestSupport.eventually { written.count == 1 })
        XCTAssertTrue(written.keys.contains("eq_dcpq:backfill:items_sent"), "\(written.keys)")
        statsFrontEnd.stop()
        let stats = link.producer.backfillStats
        XCTAssertEqual(stats.completed, 4)
        XCTAssertGreaterThan(stats.items, 2500)
        XCTAssertGreaterThan(link.producer.backfillBufferFullEvents, 0, "a 64 KiB buffer must fill")
        XCTAssertEqual(link.producer.connection.ownershipViolations, 0)
    }

    /// A producer released without `close()` mid-backfill — its connection just went away — tears
    /// down as `~BackfillManager` does (MB-52490): its running-backfill slots come back, its
    /// backfills count as cancelled, its cursors are gone and no task of it remains.
    func testReleasingAProducerWithoutCloseReturnsEverything() throws {
        let bucket = try persistedBucket(vbuckets: 2, items: 4000, valueSize: 1000)
        defer { bucket.shutdown() }
        XCTAssertEqual(bucket.runningBackfills, 0)
        var link: Link? = Link(bucket: bucket, name: "vanishing", drain: 200_000, bufferSize: 16 << 10, backfillByteLimit: 32 << 10)
        for vbid in 0..<2 { link!.producer.streamRequest(vbid: vbid, startSeqno: 0, endSeqno: .max) }
        XCTAssertTrue(EngineTestSupport.eventually { link!.producer.backfillStats.items > 0 })
        XCTAssertTrue(EngineTestSupport.eventually { bucket.runningBackfills == 2 }, "both backfills hold a slot mid-stream: \(bucket.runningBackfills)")
        link!.frontEnd.stop()
        link!.consumer.stop()
        weak let producer = link!.producer
        link = nil
        XCTAssertNil(producer, "nothing else keeps the producer alive")
        XCTAssertEqual(bucket.runningBackfills, 0)
        XCTAssertEqual(bucket.backfillsCancelled, 2)
        for vbid in 0..<2 { XCTAssertEqual(bucket.vbucket(vbid).checkpointManager.cursorNames, [Bucket.persistenceCursor]) }
        XCTAssertTrue(EngineTestSupport.eventually {
            !bucket.liveTaskNames.contains { $0.hasPrefix("BackfillManagerTask") || $0.hasPrefix("ActiveStreamCheckpointProcessorTask") }
        }, "live tasks: \(bucket.liveTaskNames)")
    }

    /// Closing the producer mid-backfill cancels it: no scan runs and no backfill task remains.
    func testClosingProducerMidBackfillStopsEveryTask() throws {
        let bucket = try persistedBucket(vbuckets: 2, items: 4000, valueSize: 1000)
        defer { bucket.shutdown() }
        let link = Link(bucket: bucket, name: "closing", drain: 200_000, bufferSize: 16 << 10, backfillByteLimit: 32 << 10)
        for vbid in 0..<2 { link.producer.streamRequest(vbid: vbid, startSeqno: 0, endSeqno: .max) }
        XCTAssertTrue(EngineTestSupport.eventually { link.producer.backfillStats.items > 0 })
        link.producer.close()
        let itemsAtClose = link.producer.backfillStats.items
        let runsAtClose = link.producer.backfillStats.runs
        XCTAssertTrue(EngineTestSupport.eventually {
            !bucket.liveTaskNames.contains { $0.hasPrefix("BackfillManagerTask") || $0.hasPrefix("ActiveStreamCheckpointProcessorTask") }
        }, "live tasks: \(bucket.liveTaskNames)")
        XCTAssertEqual(link.producer.backfillStats.items, itemsAtClose, "no scan after close (and no task left to scan)")
        XCTAssertEqual(link.producer.backfillStats.runs, runsAtClose)
        XCTAssertLessThan(itemsAtClose, 4000, "closed mid-backfill")
        XCTAssertEqual(bucket.vbucket(0).checkpointManager.cursorNames, [Bucket.persistenceCursor])
        link.frontEnd.stop()
        link.consumer.stop()
    }

    /// A stream in memory whose cursor is dropped goes back to disk and still delivers every key.
    func testDroppedCursorSendsStreamBackToDisk() throws {
        let bucket = try Bucket.open(configuration: BucketConfiguration(maxSize: 512 << 20, maxVBuckets: 1), dataDirectory: directory,
                                     memorySource: .engine)
        defer { bucket.shutdown() }
        let link = Link(bucket: bucket, name: "dropped", drain: 300_000, bufferSize: 16 << 10)
        link.producer.streamRequest(vbid: 0, startSeqno: 0, endSeqno: .max)
        for index in 0..<2000 { try EngineTestSupport.set(bucket, "a\(index)", size: 300) }
        XCTAssertTrue(bucket.waitForPersistence(timeout: 30))
        let manager = bucket.vbucket(0).checkpointManager
        // Close the checkpoint first: the stream's cursor alone holds it once the flusher has
        // moved on, so dropping the cursor removes it and what the stream has not read is on disk only.
        bucket.createNewCheckpoints()
        XCTAssertTrue(EngineTestSupport.eventually { manager.numItemsForCursor(name: Bucket.persistenceCursor) == 0 })
        XCTAssertEqual(manager.numCheckpoints, 2)
        XCTAssertLessThan(link.consumer.verifiedSeqno(vbid: 0), 1000, "the consumer must still be behind")
        XCTAssertEqual(manager.cursorsToDrop().count, 1, "the stream's cursor, behind the persistence cursor's checkpoint")
        XCTAssertNotNil(manager.cursorsToDrop().first.flatMap { manager.dropCursor(name: $0) })
        XCTAssertEqual(manager.numCheckpoints, 1, "the dropped cursor held the closed checkpoint")
        for index in 0..<2000 { try EngineTestSupport.set(bucket, "b\(index)", size: 300) }
        for index in 0..<500 { try EngineTestSupport.set(bucket, "a\(index)", size: 100) }
        let high = manager.highSeqno
        XCTAssertTrue(EngineTestSupport.eventually(60) { link.consumer.verifiedSeqno(vbid: 0) >= high }, "consumer stalled")
        link.finish()
        XCTAssertEqual(link.consumer.verify(against: bucket), [])
        XCTAssertGreaterThanOrEqual(link.producer.backfillStats.completed, 1, "the stream went back to disk")
    }

    /// Stats are collected by a background task into the cookie's buffer and written by the
    /// front-end thread; a write from any other thread is refused and counted.
    func testOnlyTheFrontEndThreadWritesAConnection() throws {
        let bucket = Bucket(configuration: BucketConfiguration(maxSize: 64 << 20, maxVBuckets: 2), memorySource: .engine)
        defer { bucket.shutdown() }
        let frontEnd = FrontEndThread(name: "fe-stats")
        defer { frontEnd.stop() }
        let written = StatsCollector()
        let connection = Connection(name: "stats", frontEnd: frontEnd) { written.append($0) }
        let cookie = Cookie(connection: connection) { cookie in
            try? cookie.connection.write(.stats(cookie.collected))
        }
        frontEnd.post { bucket.collectStats(.checkpoint, cookie: cookie) }
        XCTAssertTrue(EngineTestSupport.eventually { written.count == 1 })
        XCTAssertTrue(written.keys.contains("vb_0:num_checkpoints"))

        XCTAssertThrowsError(try connection.write(.stats([("from", "test thread")]))) {
            XCTAssertTrue($0 is ConnectionOwnershipViolation)
        }
        let background = EngineTask(name: "RogueWriter", pool: .nonIO) { _ in
            _ = try? connection.write(.stats([("from", "background task")]))
            return false
        }
        let executor = TaskExecutor()
        executor.schedule(background)
        XCTAssertTrue(EngineTestSupport.eventually { connection.ownershipViolations == 2 })
        executor.shutdown()
        XCTAssertEqual(written.count, 1, "nothing from the rogue writers reached the connection")
    }
}

/// Collects what a test connection receives (written on its front-end thread, read by the test).
final class StatsCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var outputs: [[(String, String)]] = []

    func append(_ output: ConnectionOutput) {
        guard case .stats(let stats) = output else { return }
        lock.lock()
        outputs.append(stats)
        lock.unlock()
    }

    var count: Int { lock.lock(); defer { lock.unlock() }; return outputs.count }
    var keys: [String] { lock.lock(); defer { lock.unlock() }; return outputs.flatMap { $0.map(\.0) } }
}
