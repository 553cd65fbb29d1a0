@_spi(Testing) import Engine
import Foundation
import XCTest

/// kv_engine's checkpoint-memory recovery scenarios (`engines/ep/tests/module_tests/
/// checkpoint_remover_test.cc`, `CheckpointRemoverTest`), with upstream's settings and
/// expectations. Recovery and destruction run where upstream's tests run them
/// (`testRunCheckpointTasksManually`); the persistent variants have a SQLite store, so a
/// persistence cursor, as upstream's `CheckpointRemoverEPTest`.
final class CheckpointRemoverPortTests: XCTestCase {
    static let megabyte = 1 << 20
    var directories: [String] = []

    override func tearDownWithError() throws {
        for directory in directories { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// A bucket of `vbuckets` with upstream's 100 MiB quota; persistent buckets flush with `flush()`.
    private func bucket(vbuckets: Int = 1, persistent: Bool, checkpointMaxSize: Int = 0, expel: Bool = true) throws -> Bucket {
        var configuration = BucketConfiguration(maxSize: 100 * Self.megabyte, maxVBuckets: vbuckets, checkpointMaxSize: checkpointMaxSize,
                                                chkExpelEnabled: expel)
        configuration.testRunCheckpointTasksManually = true
        guard persistent else { return Bucket(configuration: configuration, memorySource: .engine) }
        let directory = try EngineTestSupport.temporaryDirectory()
        directories.append(directory)
        return try Bucket.open(configuration: configuration, dataDirectory: directory, memorySource: .engine)
    }

    private var upperMark: Double { 100.0 * Double(Self.megabyte) * 0.2 * 0.9 }

    /// `MemRecoveryByCheckpointCreation`: two vBuckets each hold half the upper mark in one item;
    /// once flushed, recovery closes the full open checkpoints, moves the caught-up persistence
    /// cursors into the new ones and removes the old: nothing expelled, checkpoints removed,
    /// no reduction left.
    func testMemRecoveryByCheckpointCreation() throws {
        for persistent in [false, true] {
            let bucket = try bucket(vbuckets: 2, persistent: persistent)
            defer { bucket.shutdown() }
            XCTAssertEqual(bucket.requiredCheckpointMemoryReduction, 0)
            let valueSize = Int(upperMark / 2) + 1
            try setInto(bucket, vbucket: 0, size: valueSize)
            XCTAssertEqual(bucket.requiredCheckpointMemoryReduction, 0)
            try setInto(bucket, vbucket: 1, size: valueSize)
            XCTAssertGreaterThan(bucket.requiredCheckpointMemoryReduction, 0)
            if persistent { XCTAssertTrue(bucket.waitForPersistence(timeout: 30)) }
            let removedBefore = bucket.stats.recovery.snapshot.checkpointsRemoved

            _ = bucket.runCheckpointMemoryRecovery()
            let recovery = bucket.stats.recovery.snapshot
            XCTAssertEqual(recovery.itemsExpelled, 0, "persistent: \(persistent)")
            XCTAssertGreaterThan(recovery.checkpointsRemoved, removedBefore, "persistent: \(persistent)")
            XCTAssertEqual(bucket.requiredCheckpointMemoryReduction, 0, "persistent: \(persistent)")
        }
    }

    /// `expelButNoCursorDrop`: with the checkpoint too large to close by size, a DCP cursor that
    /// has read everything lets expel recover: items expelled, no cursor dropped, nothing removed.
    func testExpelButNoCursorDrop() throws {
        let (bucket, checkpointsBefore) = try fillToUpperMark(cursor: .readEverything)
        defer { bucket.shutdown() }
        XCTAssertTrue(bucket.runCheckpointMemoryRecovery())
        bucket.destroyPendingCheckpoints()
        let recovery = bucket.stats.recovery.snapshot
        XCTAssertNotEqual(recovery.itemsExpelled, 0)
        XCTAssertEqual(recovery.cursorsDropped, 0)
        XCTAssertEqual(recovery.engineBytes(.checkpointRemoval) + recovery.engineBytes(.cursorDrop), 0)
        XCTAssertGreaterThan(recovery.engineBytes(.itemExpel), 0)
        XCTAssertEqual(bucket.numCheckpoints, checkpointsBefore)
        XCTAssertEqual(bucket.requiredCheckpointMemoryReduction, 0)
    }

    /// `notExpelButCursorDrop`: the DCP cursor has read nothing of a closed checkpoint the
    /// persistence cursor has left, so expel frees nothing and recovery drops that one cursor.
    func testNotExpelButCursorDrop() throws {
        let (bucket, checkpointsBefore) = try fillToUpperMark(cursor: .readNothingInClosedCheckpoint)
        defer { bucket.shutdown() }
        XCTAssertTrue(bucket.runCheckpointMemoryRecovery())
        bucket.destroyPendingCheckpoints()
        let recovery = bucket.stats.recovery.snapshot
        XCTAssertEqual(recovery.itemsExpelled, 0)
        XCTAssertEqual(recovery.cursorsDropped, 1)
        XCTAssertEqual(recovery.engineBytes(.itemExpel), 0)
        XCTAssertGreaterThan(recovery.engineBytes(.cursorDrop), 0)
        XCTAssertLessThan(bucket.numCheckpoints, checkpointsBefore)
        XCTAssertEqual(bucket.requiredCheckpointMemoryReduction, 0)
        XCTAssertEqual(bucket.vbucket(0).checkpointManager.cursorNames, [Bucket.persistenceCursor])
    }

    /// `expelWithoutCursor`: an ephemeral vBucket without cursors expels everything in its open checkpoint.
    func testExpelWithoutCursor() throws {
        let (bucket, checkpointsBefore) = try fillToUpperMark(cursor: .none)
        defer { bucket.shutdown() }
        XCTAssertTrue(bucket.runCheckpointMemoryRecovery())
        let recovery = bucket.stats.recovery.snapshot
        XCTAssertNotEqual(recovery.itemsExpelled, 0)
        XCTAssertEqual(recovery.cursorsDropped, 0)
        XCTAssertEqual(recovery.engineBytes(.checkpointRemoval), 0)
        XCTAssertEqual(bucket.numCheckpoints, checkpointsBefore)
        XCTAssertEqual(bucket.requiredCheckpointMemoryReduction, 0)
    }

    /// `NoCMRecoveryIfPendingDeallocEnough`: checkpoint memory reaches the quota with most of it
    /// in a removed checkpoint the destroyer has not freed yet. Recovery is not needed (the
    /// reduction is what the destroyer frees anyway) and does nothing; writes are refused until
    /// the destroyer runs, then accepted.
    func testNoRecoveryIfPendingDeallocationIsEnough() throws {
        let bucket = try bucket(persistent: false, checkpointMaxSize: 100 * Self.megabyte)
        defer { bucket.shutdown() }
        _ = bucket.registerCursor(name: "dcp", lastSeqno: 0, vbuckets: [0])
        var index = 0
        while bucket.checkpointMemoryState != .full {
            try EngineTestSupport.set(bucket, "key\(index)", size: Self.megabyte)
            index += 1
        }
        bucket.vbucket(0).checkpointManager.createNewCheckpoint()
        XCTAssertEqual(bucket.numCheckpoints, 2)
        _ = bucket.vbucket(0).checkpointManager.getItemsForCursor(name: "dcp")
        XCTAssertEqual(bucket.numCheckpoints, 1, "the cursor left the closed checkpoint, which went to the destroyer")
        let quota = Double(bucket.checkpointQuota)
        XCTAssertGreaterThan(Double(bucket.checkpointMemoryPendingDestruction), quota * (0.9 - 0.6))
        XCTAssertEqual(bucket.checkpointMemoryState, .full)
        XCTAssertEqual(bucket.requiredCheckpointMemoryReduction, 0)

        XCTAssertThrowsError(try EngineTestSupport.set(bucket, "rejected-key", size: 10)) {
            XCTAssertEqual($0 as? EngineError, .temporaryFailure)
        }
        XCTAssertTrue(bucket.runCheckpointMemoryRecovery())
        XCTAssertEqual(bucket.stats.recovery.snapshot, CheckpointRecoverySnapshot(), "recovery had nothing to do")
        XCTAssertEqual(bucket.destroyPendingCheckpoints(), 1)
        XCTAssertEqual(bucket.checkpointMemoryPendingDestruction, 0)
        XCTAssertNoThrow(try EngineTestSupport.set(bucket, "rejected-key", size: 10))
    }

    /// `CursorsEligibleToDrop` (with `getListOfCursorsToDrop`): no cursor is eligible while the
    /// persistence cursor is in the same (open) checkpoint; once a new checkpoint opens and the
    /// flusher moves on, the DCP cursor left behind is, and a cursor in the open checkpoint never is.
    func testCursorsEligibleToDrop() throws {
        let bucket = try bucket(persistent: true, checkpointMaxSize: 100 * Self.megabyte)
        defer { bucket.shutdown() }
        let manager = bucket.vbucket(0).checkpointManager
        _ = bucket.registerCursor(name: "dcp", lastSeqno: 0, vbuckets: [0])
        XCTAssertEqual(manager.cursorsToDrop(), [])
        for index in 0..<4 { try EngineTestSupport.set(bucket, "key\(index)", size: 1000) }
        manager.createNewCheckpoint()
        try EngineTestSupport.set(bucket, "after", size: 1000)
        XCTAssertTrue(bucket.waitForPersistence(timeout: 30))
        XCTAssertEqual(manager.cursorsToDrop(), ["dcp"])
        _ = bucket.registerCursor(name: "fast", lastSeqno: manager.highSeqno, vbuckets: [0])
        XCTAssertEqual(manager.cursorsToDrop(), ["dcp"], "a cursor in the open checkpoint is never dropped")
    }

    private enum CursorSetup { case none, readEverything, readNothingInClosedCheckpoint }

    /// `testExpellingOccursBeforeCursorDropping`: one vBucket, checkpoints closed only by hand,
    /// 1 MiB values until checkpoint memory reaches the recovery upper mark, flushed; returns the
    /// bucket and its checkpoint count before recovery.
    private func fillToUpperMark(cursor setup: CursorSetup) throws -> (Bucket, Int) {
        let bucket = try bucket(persistent: setup != .none, checkpointMaxSize: 100 * Self.megabyte)
        if setup != .none { _ = bucket.registerCursor(name: "dcp", lastSeqno: 0, vbuckets: [0]) }
        var index = 0
        while Double(bucket.checkpointMemoryTotal) < upperMark {
            try EngineTestSupport.set(bucket, "key_\(index)", size: Self.megabyte)
            index += 1
        }
        if setup != .none { XCTAssertTrue(bucket.waitForPersistence(timeout: 60)) }
        let manager = bucket.vbucket(0).checkpointManager
        switch setup {
        case .none: break
        case .readEverything: _ = manager.getItemsForCursor(name: "dcp")
        case .readNothingInClosedCheckpoint: manager.createNewCheckpoint()
        }
        XCTAssertGreaterThan(bucket.requiredCheckpointMemoryReduction, 0)
        return (bucket, bucket.numCheckpoints)
    }

    /// Sets a value of `size` bytes under a key of vBucket `vbucket`.
    private func setInto(_ bucket: Bucket, vbucket: Int, size: Int) throws {
        let key = (0...).lazy.map { "key\($0)" }.first { bucket.vbucket(for: $0).id == UInt16(vbucket) }!
        try EngineTestSupport.set(bucket, key, size: size)
    }
}
