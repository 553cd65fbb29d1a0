@_spi(Testing) import Engine
import Foundation
import XCTest

final class CheckpointRecoveryScenarioTests: XCTestCase {
    static let quota = 100 << 20
    static let megabyte = 1 << 20

    /// Checkpoint memory crosses the upper mark with a slow cursor that has read half: expel
    /// brings it under the lower mark and no cursor is dropped.
    func testExpelRecoversWithoutDroppingCursors() throws {
        let configuration = BucketConfiguration(maxSize: Self.quota, maxVBuckets: 1, checkpointMaxSize: 64 << 20)
        let bucket = Bucket(configuration: configuration, memorySource: .engine)
        defer { bucket.shutdown() }
        _ = bucket.registerCursor(name: "slow", lastSeqno: 0, vbuckets: [0])
        for index in 0..<10 { try EngineTestSupport.set(bucket, "a\(index)", size: Self.megabyte) }
        XCTAssertEqual(bucket.advanceCursor(name: "slow", by: 11, vbuckets: [0]), 11)
        for index in 0..<9 { try EngineTestSupport.set(bucket, "b\(index)", size: Self.megabyte) }
        let lower = Double(bucket.checkpointQuota) * bucket.quota.recoveryLowerMark
        XCTAssertTrue(EngineTestSupport.eventually { Double(bucket.checkpointMemoryTotal) < lower }, "checkpoint memory stayed high")
        XCTAssertGreaterThanOrEqual(bucket.stats.snapshot.recovery.itemsExpelled, 10)
        XCTAssertEqual(bucket.stats.snapshot.recovery.cursorsDropped, 0)
        XCTAssertEqual(bucket.vbucket(0).checkpointManager.cursorNames, ["slow"])
    }

    /// A cursor in the open checkpoint is never dropped, however far behind: dropping it would
    /// free nothing whole (kv_engine drops only cursors in checkpoints older than the persistence
    /// cursor's, or in closed ones without persistence). Memory stays high and writes are refused.
    func testACursorInTheOpenCheckpointIsNeverDropped() throws {
        var configuration = BucketConfiguration(maxSize: Self.quota, maxVBuckets: 1, checkpointMaxSize: 64 << 20)
        configuration.testRunCheckpointTasksManually = true
        let bucket = Bucket(configuration: configuration, memorySource: .engine)
        defer { bucket.shutdown() }
        _ = bucket.registerCursor(name: "stuck", lastSeqno: 0, vbuckets: [0])
        for index in 0..<19 { try EngineTestSupport.set(bucket, "k\(index)", size: Self.megabyte) }
        let before = bucket.checkpointMemoryTotal
        XCTAssertFalse(bucket.runCheckpointMemoryRecovery(), "short of the target")
        XCTAssertEqual(bucket.stats.recovery.snapshot.cursorsDropped, 0)
        XCTAssertEqual(bucket.vbucket(0).checkpointManager.cursorNames, ["stuck"])
        XCTAssertEqual(bucket.checkpointMemoryTotal, before)
    }

    /// With checkpoint memory full, a set is a temporary failure and changes nothing.
    func testFullCheckpointMemoryRefusesWritesWithoutSideEffects() throws {
        let configuration = BucketConfiguration(maxSize: 10 << 20, maxVBuckets: 1)
        let bucket = Bucket(configuration: configuration, memorySource: .engine)
        defer { bucket.shutdown() }
        _ = bucket.registerCursor(name: "pinned", lastSeqno: 0, vbuckets: [0], droppable: false)
        var written = 0
        var refused: EngineError?
        while refused == nil && written < 1000 {
            do {
                try EngineTestSupport.set(bucket, "k\(written)", size: 100 << 10, fill: 1)
                written += 1
            } catch let error as EngineError {
                refused = error
            }
        }
        XCTAssertEqual(refused, .temporaryFailure)
        XCTAssertGreaterThanOrEqual(bucket.checkpointMemoryTotal, bucket.checkpointQuota)
        let seqno = bucket.vbucket(0).checkpointManager.highSeqno
        let keys = bucket.vbucket(0).hashTable.count
        let tmpFailures = bucket.stats.snapshot.tmpOOMErrors

        XCTAssertThrowsError(try EngineTestSupport.set(bucket, "k0", size: 10, fill: 2)) {
            XCTAssertEqual($0 as? EngineError, .temporaryFailure)
        }
        XCTAssertThrowsError(try EngineTestSupport.set(bucket, "new", size: 10)) { XCTAssertEqual($0 as? EngineError, .temporaryFailure) }
        XCTAssertEqual(try EngineTestSupport.value(bucket, "k0", capacity: 100 << 10), [UInt8](repeating: 1, count: 100 << 10))
        XCTAssertThrowsError(try bucket.get("new")) { XCTAssertEqual($0 as? EngineError, .keyNotFound) }
        XCTAssertEqual(bucket.vbucket(0).checkpointManager.highSeqno, seqno)
        XCTAssertEqual(bucket.vbucket(0).hashTable.count, keys)
        XCTAssertEqual(bucket.stats.snapshot.tmpOOMErrors, tmpFailures + 2)
    }
}
