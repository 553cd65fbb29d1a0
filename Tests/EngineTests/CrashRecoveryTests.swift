@_spi(Testing) import Engine
import Foundation
import TestSupport
import XCTest

/// Durability across a real crash: the test binary re-executes itself as a child that writes
/// 100k mutations, reporting each acknowledged write and, as the flusher advances, each
/// vBucket's persisted seqno (what a client observing persistence would be told). The parent
/// kills the child with SIGKILL while the flusher is mid-way, reopens the store, and requires
/// every mutation at or below an acknowledged persisted seqno to be there after warmup.
final class CrashRecoveryTests: XCTestCase {
    static let childDirectory = "KVBENCH_CRASH_CHILD_DIR"
    static let mutations = 100_000
    static let configuration = BucketConfiguration(maxSize: 1 << 30, maxVBuckets: 8, flushBatchSize: 500)

    static func value(_ index: Int) -> [UInt8] { Array("value-\(index)-".utf8) + [UInt8](repeating: UInt8(index % 251), count: 200) }

    func testSigkillMidFlushKeepsEveryAcknowledgedPersistedMutation() throws {
        if let directory = ProcessInfo.processInfo.environment[Self.childDirectory] {
            try Self.runChild(directory)
            return
        }
        let directory = try EngineTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = Process()
        process.executableURL = TestPaths.testBinary
        process.arguments = ["EngineTests.CrashRecoveryTests/testSigkillMidFlushKeepsEveryAcknowledgedPersistedMutation"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.childDirectory] = directory
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Read the child's reports until the flusher has persisted a good share but not all.
        var acknowledged: [Int: (vbid: Int, seqno: Int64)] = [:]
        var persisted = [Int64](repeating: 0, count: Self.configuration.maxVBuckets)
        var pending = Data()
        var killed = false
        reading: while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                let fields = line.split(separator: " ")
                if fields.first == "set", fields.count == 4 {
                    acknowledged[Int(fields[1])!] = (Int(fields[2])!, Int64(fields[3])!)
                } else if fields.first == "persisted", fields.count == persisted.count + 1 {
                    persisted = fields.dropFirst().map { Int64($0)! }
                    if persisted.reduce(0, +) >= Int64(Self.mutations / 5) {
                        kill(process.processIdentifier, SIGKILL)
                        killed = true
                        break reading
                    }
                }
            }
        }
        process.waitUntilExit()
        XCTAssertTrue(killed, "the child finished before the flusher reached the kill point")
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        XCTAssertEqual(process.terminationStatus, SIGKILL)
        let total = persisted.reduce(0, +)
        XCTAssertEqual(acknowledged.count, Self.mutations)
        XCTAssertLessThan(total, Int64(Self.mutations), "the kill did not land mid-flush")

        let bucket = try Bucket.open(configuration: Self.configuration, dataDirectory: directory, memorySource: .engine)
        defer { bucket.shutdown() }
        var mustExist = 0
        var missing: [Int] = []
        for (index, write) in acknowledged where write.seqno <= persisted[write.vbid] {
            mustExist += 1
            if (try? EngineTestSupport.value(bucket, "key-\(index)", capacity: 256)) != Self.value(index) { missing.append(index) }
        }
        XCTAssertGreaterThanOrEqual(Int64(mustExist), total, "every persisted seqno belongs to an acknowledged write")
        XCTAssertEqual(missing.count, 0, "acknowledged-persisted mutations lost, e.g. key-\(missing.prefix(3))")
        for vbid in 0..<persisted.count {
            XCTAssertGreaterThanOrEqual(bucket.vbucket(vbid).persistedSeqno, persisted[vbid], "vb \(vbid) went back")
        }
        XCTAssertGreaterThanOrEqual(bucket.stats.snapshot.warmupItems, mustExist)
        print("crash recovery: killed with \(total) of \(Self.mutations) mutations acknowledged as persisted "
              + "(\(acknowledged.count) acknowledged writes); warmup loaded \(bucket.stats.snapshot.warmupItems), found \(mustExist - missing.count) of the \(mustExist) that must exist")
    }

    /// The child: writes everything with persistence stopped and reports the writes, then lets
    /// the flusher go and reports persisted seqnos every 2 ms until it is killed. Writes reach
    /// stdout before any persisted seqno that covers them.
    private static func runChild(_ directory: String) throws {
        let bucket = try Bucket.open(configuration: configuration, dataDirectory: directory, memorySource: .engine)
        bucket.stopPersistence()
        var lines = ""
        for index in 0..<mutations {
            let result = try value(index).withUnsafeBytes { try bucket.set("key-\(index)", value: $0) }
            lines += "set \(index) \(result.vbid) \(result.seqno)\n"
        }
        FileHandle.standardOutput.write(Data(lines.utf8))
        bucket.startPersistence()
        while true {
            let seqnos = (0..<bucket.numVBuckets).map { String(bucket.vbucket($0).persistedSeqno) }
            FileHandle.standardOutput.write(Data("persisted \(seqnos.joined(separator: " "))\n".utf8))
            usleep(2_000)
        }
    }
}
