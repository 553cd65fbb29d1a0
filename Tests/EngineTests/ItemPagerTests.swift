@_spi(Testing) import Engine
import Foundation
import XCTest

/// The item pager's victim selection (kv_engine's `PagingVisitor` with `ItemEviction`) and the
/// probabilistic frequency counter it reads.
final class ItemPagerTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws { directory = try EngineTestSupport.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    /// An access raises the counter with probability 1 / (counter × 0.012 + 1): from 0, saturation
    /// at 255 takes Σ (0.012 c + 1) over c < 255 ≈ 643.6 accesses on average.
    func testProbabilisticCounterSaturatesAtTheExpectedRate() throws {
        let bucket = Bucket(configuration: BucketConfiguration(maxSize: 64 << 20, maxVBuckets: 1), memorySource: .engine)
        defer { bucket.shutdown() }
        try EngineTestSupport.set(bucket, "hot", size: 8)
        let initial = try XCTUnwrap(bucket.frequency(of: "hot"))
        XCTAssertEqual(initial, 4, "ep-engine's initial frequency")
        var accesses = 0
        while bucket.frequency(of: "hot") != 255 && accesses < 10_000 {
            _ = try bucket.get("hot")
            accesses += 1
        }
        let expected = (Int(initial)..<255).reduce(0.0) { $0 + 0.012 * Double($1) + 1 }
        XCTAssertEqual(Double(accesses), expected, accuracy: expected * 0.25, "saturated after \(accesses) accesses")
    }

    /// Two thousand clean items, the first four hundred read often: when a quota decrease puts
    /// memory above the high watermark, the pager evicts cold items and keeps the hot ones.
    func testColdItemsAreEvictedBeforeHotOnes() throws {
        var configuration = BucketConfiguration(maxSize: 64 << 20, maxVBuckets: 1, bucketQuotaChangeTaskPollInterval: 3600)
        configuration.pagerSleepTime = 3600
        let bucket = try Bucket.open(configuration: configuration, dataDirectory: directory, memorySource: .engine)
        defer { bucket.shutdown() }
        for index in 0..<2000 { try EngineTestSupport.setRetrying(bucket, "k\(index)", size: 4096) }
        for _ in 0..<60 { for index in 0..<400 { _ = try bucket.get("k\(index)") } }
        XCTAssertTrue(bucket.waitForPersistence(timeout: 60))
        let used = bucket.memory.precise
        bucket.setQuota(Int(Double(used) / 0.85 / 1.3))
        XCTAssertTrue(EngineTestSupport.eventually { bucket.stats.snapshot.valuesEvicted > 0 }, "the pager evicted nothing")
        XCTAssertTrue(EngineTestSupport.eventually { bucket.memory.precise < bucket.quota.highWat })
        let hotResident = (0..<400).filter { bucket.isResident("k\($0)") }.count
        let coldResident = (400..<2000).filter { bucket.isResident("k\($0)") }.count
        XCTAssertGreaterThanOrEqual(hotResident, 390, "hot items stay")
        XCTAssertLessThan(coldResident, 1600, "cold items go")
    }

    /// Replica vBuckets are paged first: with as much data in a replica as in an active
    /// vBucket, a pass that must free a third of it takes it from the replica.
    func testReplicaVBucketsArePagedFirst() throws {
        var configuration = BucketConfiguration(maxSize: 64 << 20, maxVBuckets: 2, bucketQuotaChangeTaskPollInterval: 3600)
        configuration.pagerSleepTime = 3600
        let bucket = try Bucket.open(configuration: configuration, dataDirectory: directory, memorySource: .engine)
        defer { bucket.shutdown() }
        let keys = (0..<4000).map { "k\($0)" }
        for key in keys { try EngineTestSupport.setRetrying(bucket, key, size: 4096) }
        XCTAssertTrue(bucket.waitForPersistence(timeout: 60))
        bucket.setVBucketState(1, .replica)
        let used = bucket.memory.precise
        bucket.setQuota(Int(Double(used) / 0.85 / 1.2))
        XCTAssertTrue(EngineTestSupport.eventually { bucket.memory.precise < bucket.quota.highWat })
        let evicted = { (vbid: UInt16) in keys.filter { bucket.vbucket(for: $0).id == vbid && !bucket.isResident($0) }.count }
        XCTAssertGreaterThan(evicted(1), 0)
        XCTAssertEqual(evicted(0), 0, "the active vBucket is untouched while the replica has enough to give")
    }
}
