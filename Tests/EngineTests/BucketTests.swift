import Dispatch
@_spi(Testing) import Engine
import XCTest

final class BucketTests: XCTestCase {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func testSetGetDelete() throws {
        let bucket = Bucket(configuration: BucketConfiguration(maxSize: 64 << 20, maxVBuckets: 8))
        let value = bytes("hello")
        let result = try value.withUnsafeBytes { try bucket.set("doc", value: $0) }
        XCTAssertEqual(result.seqno, 1)
        var buffer = [UInt8](repeating: 0, count: 16)
        let length = try buffer.withUnsafeMutableBytes { try bucket.get("doc", into: $0) }
        XCTAssertEqual(Array(buffer.prefix(length)), value)
        let second = try value.withUnsafeBytes { try bucket.set("doc", value: $0) }
        XCTAssertGreaterThan(second.cas, result.cas)
        XCTAssertEqual(second.seqno, 2)
        try bucket.delete("doc")
        XCTAssertThrowsError(try bucket.get("doc")) { XCTAssertEqual($0 as? EngineError, .keyNotFound) }
        XCTAssertThrowsError(try bucket.delete("doc")) { XCTAssertEqual($0 as? EngineError, .keyNotFound) }
    }

    func testVBucketMappingIsStableCRC32() {
        // zlib.crc32(b"key0") = 0x5b5b54c6; (crc >> 16) & 0x7fff = 23387.
        XCTAssertEqual(VBucketMap.vbucket(for: "key0", count: 1024), 23387 % 1024)
        XCTAssertEqual(VBucketMap.vbucket(for: "key0", count: 1), 0)
    }

    func testSetVBucketStateQueuesMetaItemAndRefusesWrites() {
        let bucket = Bucket(configuration: BucketConfiguration(maxSize: 64 << 20, maxVBuckets: 1))
        bucket.setVBucketState(0, .replica)
        XCTAssertEqual(bucket.vbucket(0).checkpointManager.numItems, 2, "set_vbucket_state and checkpoint_start")
        XCTAssertThrowsError(try [UInt8]([1]).withUnsafeBytes { try bucket.set("k", value: $0) }) {
            XCTAssertEqual($0 as? EngineError, .notMyVBucket(0))
        }
    }

    /// Front-end threads writing, reading and a background reader advancing cursors and
    /// expelling at the same time (run under ThreadSanitizer in CI).
    func testConcurrentFrontEndAndExpel() throws {
        let bucket = Bucket(configuration: BucketConfiguration(maxSize: 256 << 20, maxVBuckets: 4, checkpointMaxSize: 4096))
        _ = bucket.registerCursor(name: "replica", lastSeqno: 0, vbuckets: Array(0..<4))
        let writers = 3
        let perWriter = 2000
        DispatchQueue.concurrentPerform(iterations: writers + 1) { worker in
            if worker == writers {
                for _ in 0..<200 {
                    _ = bucket.advanceCursor(name: "replica", by: 50, vbuckets: Array(0..<4))
                    _ = bucket.expelAll()
                }
                return
            }
            var value = [UInt8](repeating: UInt8(worker), count: 64)
            for index in 0..<perWriter {
                let key = "w\(worker)-\(index % 500)"
                value[0] = UInt8(truncatingIfNeeded: index)
                _ = try? value.withUnsafeBytes { try bucket.set(key, value: $0) }
                _ = try? bucket.get(key)
            }
        }
        let highSeqnos = (0..<4).map { bucket.vbucket($0).checkpointManager.highSeqno }
        XCTAssertEqual(highSeqnos.reduce(0, +), Int64(writers * perWriter))
        XCTAssertEqual((0..<4).map { bucket.vbucket($0).hashTable.count }.reduce(0, +), writers * 500)
        _ = bucket.advanceCursor(name: "replica", by: .max, vbuckets: Array(0..<4))
        _ = bucket.expelAll()
        XCTAssertLessThanOrEqual(bucket.checkpointItems, 4 * 2, "only meta items can remain after draining")
    }
}
