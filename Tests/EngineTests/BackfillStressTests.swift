@_spi(Testing) import Engine
import Foundation
import XCTest

/// The backfill that once stalled in CI (`DcpTests.testBackfillStreamsEverythingAndVerifies`:
/// 695 of 3000 items after 60 s, no backfill completed), run again and again: a small backfill
/// buffer that fills on every scan, a front end sending while the scan is still handing items
/// over. Every run must finish and verify.
final class BackfillStressTests: XCTestCase {
    func testSmallBufferBackfillNeverStalls() throws {
        let directory = try EngineTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bucket = try Bucket.open(configuration: BucketConfiguration(maxSize: 256 << 20, maxVBuckets: 2), dataDirectory: directory,
                                     memorySource: .engine)
        defer { bucket.shutdown() }
        for index in 0..<1000 { try EngineTestSupport.set(bucket, "key\(index)", size: 200, fill: UInt8(index % 251)) }
        XCTAssertTrue(bucket.waitForPersistence(timeout: 60))
        for vbid in 0..<2 { bucket.vbucket(vbid).checkpointManager.createNewCheckpoint() }
        XCTAssertTrue(EngineTestSupport.eventually { (0..<2).allSatisfy { bucket.vbucket($0).checkpointManager.numItems == 1 } })
        let runs = Int(ProcessInfo.processInfo.environment["KVBENCH_BACKFILL_STRESS_RUNS"] ?? "") ?? 200
        for run in 0..<runs {
            let link = DcpTests.Link(bucket: bucket, name: "stress\(run)", bufferSize: 8 << 10, backfillByteLimit: 4 << 10)
            for vbid in 0..<2 {
                link.producer.streamRequest(vbid: vbid, startSeqno: 0, endSeqno: bucket.vbucket(vbid).checkpointManager.highSeqno)
            }
            let finished = EngineTestSupport.eventually(30) { link.producer.isDone && link.consumer.endedStreams().count == 2 }
            let items = link.producer.backfillStats.items
            link.finish()
            XCTAssertTrue(finished, "run \(run) stalled after \(items) items")
            XCTAssertEqual(link.consumer.verify(against: bucket), [], "run \(run)")
            XCTAssertEqual(bucket.runningBackfills, 0, "run \(run) left backfill slots taken")
            if !finished { break }
        }
    }
}
