@_spi(Testing) import Engine
import Foundation
import XCTest

final class WarmupTests: XCTestCase {
    /// A bucket reopened on its store has every persisted document back, deletions stay deleted,
    /// and new mutations continue each vBucket's seqno sequence.
    func testReopenedBucketWarmsUpFromDisk() throws {
        let directory = try EngineTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = BucketConfiguration(maxSize: 256 << 20, maxVBuckets: 8)
        let first = try Bucket.open(configuration: configuration, dataDirectory: directory, memorySource: .engine)
        let expected = PersistenceTests.writeWithOverwritesAndDeletes(first, keysPerThread: 5_000)
        XCTAssertTrue(first.waitForPersistence(timeout: 60))
        let highs = (0..<8).map { first.vbucket($0).checkpointManager.highSeqno }
        first.shutdown()

        let second = try Bucket.open(configuration: configuration, dataDirectory: directory, memorySource: .engine)
        defer { second.shutdown() }
        let live = expected.filter { $0.value != nil }
        XCTAssertEqual(second.stats.snapshot.warmupItems, live.count)
        XCTAssertEqual(second.stats.snapshot.warmupValuesSkipped, 0)
        for (key, value) in expected {
            if let value {
                XCTAssertEqual(try EngineTestSupport.value(second, key, capacity: 64), value, key)
            } else {
                XCTAssertThrowsError(try second.get(key), key) { XCTAssertEqual($0 as? EngineError, .keyNotFound) }
            }
        }
        XCTAssertEqual(second.stats.snapshot.bgFetches, 0, "everything fitted: warmup loaded every value")
        for vbid in 0..<8 {
            XCTAssertEqual(second.vbucket(vbid).persistedSeqno, highs[vbid])
            XCTAssertEqual(second.vbucket(vbid).checkpointManager.highSeqno, highs[vbid])
        }
        let key = try XCTUnwrap(live.keys.first)
        let result = try [UInt8](repeating: 1, count: 8).withUnsafeBytes { try second.set(key, value: $0) }
        XCTAssertEqual(result.seqno, highs[Int(result.vbid)] + 1)
    }

    /// Past the low watermark, value eviction warms up keys only; a get fetches the value back.
    func testWarmupLeavesValuesOnDiskPastTheLowWatermark() throws {
        let directory = try EngineTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let large = BucketConfiguration(maxSize: 256 << 20, maxVBuckets: 4)
        let first = try Bucket.open(configuration: large, dataDirectory: directory, memorySource: .engine)
        for index in 0..<4_000 { try EngineTestSupport.set(first, "k\(index)", size: 1024, fill: UInt8(index % 251)) }
        XCTAssertTrue(first.waitForPersistence(timeout: 60))
        first.shutdown()

        var small = large
        small.maxSize = 2 << 20
        let second = try Bucket.open(configuration: small, dataDirectory: directory, memorySource: .engine)
        defer { second.shutdown() }
        let stats = second.stats.snapshot
        XCTAssertEqual(stats.warmupItems, 4_000)
        XCTAssertGreaterThan(stats.warmupValuesSkipped, 0)
        XCTAssertLessThan(stats.warmupValuesSkipped, 4_000)
        XCTAssertEqual(try EngineTestSupport.value(second, "k3999", capacity: 2048), [UInt8](repeating: UInt8(3999 % 251), count: 1024))
    }
}

final class BucketLifetimeTests: XCTestCase {
    /// A shut-down bucket is freed once its owner lets go: a restart must not keep the old
    /// bucket's hash table and checkpoints alive beside the new one.
    func testShutDownBucketIsFreed() throws {
        let directory = try EngineTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        weak var inMemory: Bucket?
        weak var persistent: Bucket?
        do {
            let first = Bucket(configuration: BucketConfiguration(maxSize: 64 << 20, maxVBuckets: 4))
            try EngineTestSupport.set(first, "k", size: 10)
            first.shutdown()
            inMemory = first
            let second = try Bucket.open(configuration: BucketConfiguration(maxSize: 64 << 20, maxVBuckets: 4), dataDirectory: directory,
                                         memorySource: .engine)
            try EngineTestSupport.set(second, "k", size: 10)
            XCTAssertTrue(second.waitForPersistence(timeout: 30))
            second.shutdown()
            persistent = second
        }
        XCTAssertNil(inMemory, "an in-memory bucket outlived its last reference")
        XCTAssertNil(persistent, "a persistent bucket outlived its last reference")
    }
}
