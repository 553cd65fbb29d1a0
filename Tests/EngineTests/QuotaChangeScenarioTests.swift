@_spi(Testing) import Engine
import Foundation
import XCTest

/// Bucket quota change with the exact two-step behaviour of ep-engine (engine-accounted memory,
/// so the figures do not depend on the allocator serving the test).
final class QuotaChangeScenarioTests: XCTestCase {
    static let quota = 10 << 20
    var directory: String!

    override func setUpWithError() throws { directory = try EngineTestSupport.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    /// Quota 10 MiB, one persisted item sized so memory use is 90% of 5 MiB; request 5 MiB.
    /// After the task's first run the watermarks, backfill limit and recovery marks follow 5 MiB
    /// but the quota is still 10 MiB; once the pager has ejected the value and the task runs
    /// again, the quota is 5 MiB and the checkpoint figures are those of 5 MiB.
    func testDecreaseLowersLimitsFirstAndAppliesAfterEviction() throws {
        let configuration = BucketConfiguration(maxSize: Self.quota, maxVBuckets: 1, bucketQuotaChangeTaskPollInterval: 3600)
        let bucket = try Bucket.open(configuration: configuration, dataDirectory: directory, memorySource: .engine)
        defer { bucket.shutdown() }
        let newQuota = Self.quota / 2
        let target = Int(0.9 * Double(newQuota))
        var size = target - bucket.memory.precise
        for _ in 0..<5 {
            try EngineTestSupport.set(bucket, "big", size: size)
            XCTAssertTrue(bucket.waitForPersistence(timeout: 30))
            // Checkpoint memory recovery frees the persisted checkpoint before the next write.
            XCTAssertTrue(EngineTestSupport.eventually { bucket.checkpointMemoryTotal < bucket.checkpointQuota },
                          "checkpoint memory \(bucket.checkpointMemoryTotal), checkpoints \(bucket.numCheckpoints), items \(bucket.checkpointItems), recovery \(bucket.stats.snapshot), tasks \(bucket.taskStats.map { "\($0.name):\($0.runs)" })")
            let used = bucket.memory.precise
            if abs(used - target) < target / 500 { break }
            size += target - used
        }
        XCTAssertEqual(Double(bucket.memory.precise), Double(target), accuracy: Double(target) * 0.005)

        bucket.setQuota(newQuota)
        XCTAssertTrue(EngineTestSupport.eventually { bucket.quotaChangeStage == .waitingForMemory })
        XCTAssertEqual(Double(bucket.quota.lowWat), 0.75 * Double(newQuota), accuracy: 16)
        XCTAssertEqual(Double(bucket.quota.highWat), 0.85 * Double(newQuota), accuracy: 16)
        XCTAssertEqual(bucket.quota.backfillLimit, BucketQuota.backfillLimit(forQuota: newQuota))
        XCTAssertEqual(bucket.quota.recoveryUpperMark, 0.9 * 0.5, accuracy: 1e-12)
        XCTAssertEqual(bucket.quota.recoveryLowerMark, 0.6 * 0.5, accuracy: 1e-12)
        XCTAssertEqual(bucket.quota.maxSize, Self.quota, "the quota itself waits for memory")

        XCTAssertTrue(EngineTestSupport.eventually { bucket.stats.snapshot.valuesEvicted >= 1 }, "the item pager ejected nothing")
        bucket.pollQuotaChangeNow()
        XCTAssertTrue(EngineTestSupport.eventually { bucket.quotaChangeStage == .idle })
        XCTAssertEqual(bucket.quota.maxSize, newQuota)
        XCTAssertEqual(bucket.checkpointMaxSize.value, Int(Double(newQuota) * 0.2 / 1 / 10))
        XCTAssertEqual(bucket.quota.recoveryUpperMark, 0.9)
        XCTAssertEqual(bucket.quota.recoveryLowerMark, 0.6)
        let event = try XCTUnwrap(bucket.quotaChanges.last)
        XCTAssertEqual(event.to, newQuota)
        XCTAssertGreaterThan(try XCTUnwrap(event.convergeSeconds), 0)
    }

    /// From 10 MiB at 75% fill: the high watermark changes at once, writes during the wait succeed
    /// (they are judged against the old quota), and the quota becomes 5 MiB only after eviction.
    /// Persistence is stopped so nothing can be evicted until it restarts; the checkpoint quota is
    /// raised so the unpersisted data fits in checkpoints.
    func testWritesDuringTheWaitSucceedAndQuotaFollowsEviction() throws {
        let configuration = BucketConfiguration(maxSize: Self.quota, maxVBuckets: 2, checkpointMemoryRatio: 0.9,
                                                bucketQuotaChangeTaskPollInterval: 0.02)
        let bucket = try Bucket.open(configuration: configuration, dataDirectory: directory, memorySource: .engine)
        defer { bucket.shutdown() }
        bucket.stopPersistence()
        var index = 0
        while Double(bucket.memory.precise) < 0.75 * Double(Self.quota) {
            try EngineTestSupport.set(bucket, "fill\(index)", size: 64 << 10)
            index += 1
        }
        let newQuota = Self.quota / 2
        bucket.setQuota(newQuota)
        XCTAssertTrue(EngineTestSupport.eventually { bucket.quotaChangeStage == .waitingForMemory })
        XCTAssertEqual(Double(bucket.quota.highWat), 0.85 * Double(newQuota), accuracy: 16)
        for extra in 0..<10 { try EngineTestSupport.set(bucket, "during\(extra)", size: 1024) }
        // The task re-checks memory every 20 ms: after five more checks it has had its chances.
        func checks() -> Int { bucket.taskStats.first { $0.name == "BucketQuotaChangeTask" }?.runs ?? 0 }
        let checked = checks()
        XCTAssertTrue(EngineTestSupport.eventually { checks() >= checked + 5 }, "the quota-change task stopped polling")
        XCTAssertEqual(bucket.quota.maxSize, Self.quota, "dirty items cannot be evicted, so the quota must wait")
        XCTAssertEqual(bucket.stats.snapshot.valuesEvicted, 0)

        bucket.startPersistence()
        XCTAssertTrue(EngineTestSupport.eventually { bucket.quotaChangeStage == .idle }, "quota change did not converge")
        XCTAssertEqual(bucket.quota.maxSize, newQuota)
        let event = try XCTUnwrap(bucket.quotaChanges.last)
        XCTAssertGreaterThan(try XCTUnwrap(event.statsAtApply).valuesEvicted, 0, "applied only after eviction")
        XCTAssertEqual(try XCTUnwrap(event.statsAtApply).tmpOOMErrors, 0)
    }

    func testIncreaseAppliesAtOnce() throws {
        let bucket = Bucket(configuration: BucketConfiguration(maxSize: Self.quota, maxVBuckets: 4), memorySource: .engine)
        defer { bucket.shutdown() }
        bucket.setQuota(2 * Self.quota)
        XCTAssertEqual(bucket.quota.maxSize, 2 * Self.quota)
        XCTAssertEqual(bucket.quota.highWat, Int(0.85 * Double(2 * Self.quota)))
        XCTAssertEqual(bucket.checkpointMaxSize.value, Int(Double(2 * Self.quota) * 0.2 / 4 / 10))
        XCTAssertEqual(bucket.quotaChangeStage, .idle)
        XCTAssertNotNil(bucket.quotaChanges.last?.convergeSeconds, "an increase is applied within the call")
    }

    /// A new request mid-change restarts from the old values.
    func testNewRequestMidChangeRestartsFromOldValues() throws {
        let configuration = BucketConfiguration(maxSize: Self.quota, maxVBuckets: 1, bucketQuotaChangeTaskPollInterval: 3600)
        let bucket = Bucket(configuration: configuration, memorySource: .engine)
        defer { bucket.shutdown() }
        var index = 0
        while Double(bucket.memory.precise) < 0.5 * Double(Self.quota) {
            // Removed checkpoints count against the checkpoint quota until the destroyer frees
            // them, values included, as in ep-engine: a writer this fast meets brief refusals.
            try EngineTestSupport.setRetrying(bucket, "k\(index)", size: 32 << 10)
            index += 1
        }
        bucket.setQuota(Self.quota / 4)
        XCTAssertTrue(EngineTestSupport.eventually { bucket.quotaChangeStage == .waitingForMemory })
        XCTAssertEqual(bucket.quota.highWat, Int(0.85 * Double(Self.quota / 4)))
        bucket.setQuota(2 * Self.quota)
        XCTAssertEqual(bucket.quotaChangeStage, .idle)
        XCTAssertEqual(bucket.quota.maxSize, 2 * Self.quota)
        XCTAssertEqual(bucket.quota.highWat, Int(0.85 * Double(2 * Self.quota)))
        XCTAssertEqual(bucket.quota.recoveryUpperMark, 0.9)
    }
}
