import Engine
import Foundation
import XCTest

final class PersistenceTests: XCTestCase {
    /// 100k keys written from 2 threads with overwrites and deletes: after persistence, SQLite
    /// holds every key's latest version, or its deletion.
    func testFlushingLosesNothing() throws {
        let directory = try EngineTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bucket = try Bucket.open(configuration: BucketConfiguration(maxSize: 1 << 30, maxVBuckets: 8), dataDirectory: directory,
                                     memorySource: .engine)
        defer { bucket.shutdown() }
        let keysPerThread = 50_000
        let expected = (0..<2).map { _ in [String: [UInt8]?]() }
        let results = UnsafeMutableBufferPointer<[String: [UInt8]?]>.allocate(capacity: 2)
        _ = results.initialize(from: expected)
        defer { results.deallocate() }
        let address = Int(bitPattern: results.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            let slot = UnsafeMutablePointer<[String: [UInt8]?]>(bitPattern: address)!.advanced(by: thread)
            var random = SystemRandomNumberGenerator()
            for index in 0..<keysPerThread {
                let key = "t\(thread)-k\(index)"
                let value = Array("\(key)-v0".utf8)
                _ = try? value.withUnsafeBytes { try bucket.set(key, value: $0) }
                slot.pointee[key] = value
            }
            for round in 1...2 {
                for index in stride(from: 0, to: keysPerThread, by: 3) where Int.random(in: 0..<2, using: &random) == 0 {
                    let key = "t\(thread)-k\(index)"
                    if round == 2 && index % 2 == 0 {
                        if (try? bucket.delete(key)) != nil { slot.pointee[key] = .some(nil) }
                    } else {
                        let value = Array("\(key)-v\(round)".utf8)
                        _ = try? value.withUnsafeBytes { try bucket.set(key, value: $0) }
                        slot.pointee[key] = value
                    }
                }
            }
        }
        XCTAssertTrue(bucket.waitForPersistence(timeout: 60), "the flusher did not catch up")
        XCTAssertEqual(bucket.stats.snapshot.flushErrors, 0)

        let store = try SQLiteKVStore(path: directory + "/kvbench.sqlite")
        var checked = 0
        for thread in 0..<2 {
            for (key, value) in results[thread] {
                let vbid = UInt16(VBucketMap.vbucket(for: key, count: bucket.numVBuckets))
                let onDisk: [UInt8]?? = try store.get(vbid: vbid, key: key) { document in
                    guard let document else { return .none }
                    return document.isDeleted ? .some(nil) : .some(Array(document.value))
                }
                XCTAssertEqual(onDisk, .some(value), "key \(key)")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 2 * keysPerThread)
        for vbid in 0..<bucket.numVBuckets {
            XCTAssertEqual(try store.persistedSeqno(vbid: UInt16(vbid)), bucket.vbucket(vbid).checkpointManager.highSeqno)
        }
    }

    /// Persisting lets the persistence cursor leave closed checkpoints, which are then removed.
    func testPersistenceRemovesClosedCheckpoints() throws {
        let directory = try EngineTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bucket = try Bucket.open(configuration: BucketConfiguration(maxSize: 1 << 30, maxVBuckets: 1, checkpointMaxSize: 4096),
                                     dataDirectory: directory, memorySource: .engine)
        defer { bucket.shutdown() }
        for index in 0..<200 { try EngineTestSupport.set(bucket, "k\(index)", size: 100) }
        XCTAssertTrue(bucket.waitForPersistence(timeout: 30))
        XCTAssertTrue(EngineTestSupport.eventually { bucket.numCheckpoints == 1 }, "closed checkpoints remain: \(bucket.numCheckpoints)")
    }

    /// Full eviction: an evicted item is fetched back from SQLite by a get, value intact.
    func testFullEvictionFetchesBackFromDisk() throws {
        let directory = try EngineTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = BucketConfiguration(maxSize: 64 << 20, maxVBuckets: 4, itemEvictionPolicy: .fullEviction)
        let bucket = try Bucket.open(configuration: configuration, dataDirectory: directory, memorySource: .engine)
        defer { bucket.shutdown() }
        try EngineTestSupport.set(bucket, "doc", size: 3000, fill: 0x42)
        XCTAssertFalse(bucket.evictKey("doc"), "a dirty item cannot be evicted")
        XCTAssertTrue(bucket.waitForPersistence(timeout: 30))
        XCTAssertTrue(bucket.evictKey("doc"))
        XCTAssertEqual(bucket.vbucket(for: "doc").hashTable.count, 0, "full eviction removes the whole record")
        XCTAssertEqual(try EngineTestSupport.value(bucket, "doc", capacity: 4096), [UInt8](repeating: 0x42, count: 3000))
        XCTAssertEqual(bucket.stats.snapshot.bgFetches, 1)
        XCTAssertEqual(bucket.stats.snapshot.itemsEvicted, 1)
        XCTAssertThrowsError(try bucket.get("missing")) { XCTAssertEqual($0 as? EngineError, .keyNotFound) }
    }

    /// Value-only eviction keeps the key and metadata; a get brings the value back.
    func testValueEvictionFetchesValueBack() throws {
        let directory = try EngineTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bucket = try Bucket.open(configuration: BucketConfiguration(maxSize: 64 << 20, maxVBuckets: 4), dataDirectory: directory,
                                     memorySource: .engine)
        defer { bucket.shutdown() }
        try EngineTestSupport.set(bucket, "doc", size: 100, fill: 7)
        XCTAssertTrue(bucket.waitForPersistence(timeout: 30))
        XCTAssertTrue(bucket.evictKey("doc"))
        XCTAssertEqual(bucket.vbucket(for: "doc").hashTable.residentCount, 0)
        XCTAssertEqual(bucket.vbucket(for: "doc").hashTable.count, 1)
        XCTAssertEqual(try EngineTestSupport.value(bucket, "doc", capacity: 128), [UInt8](repeating: 7, count: 100))
        XCTAssertEqual(bucket.stats.snapshot.valuesEvicted, 1)
    }
}
