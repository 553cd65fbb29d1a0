@_spi(Testing) import Engine
import XCTest

/// Upstream expel scenarios with exact numbers: a vBucket whose last seqno is 1000, so the
/// first mutation gets 1001.
final class CheckpointExpelScenarioTests: XCTestCase {
    private func manager(maxSize: Int = 1 << 30) -> CheckpointManager {
        CheckpointManager(vbid: 0, lastSeqno: 1000, maxSize: CheckpointMaxSize(maxSize))
    }

    private func queue(_ manager: CheckpointManager, _ keys: [String], valueSize: Int = 0) {
        let bytes = [UInt8](repeating: 0x61, count: valueSize)
        for key in keys {
            let blob = bytes.withUnsafeBytes { ValueBlob(copying: $0, owner: .none) }
            manager.queueDirty(key: key, value: blob, revSeqno: 1, cas: 1)
        }
    }

    /// A cursor on seqno 1002 after key0..key2: expel takes 2 items and leaves the cursor on
    /// checkpoint_start; later registrations report backfill exactly when 1002 is needed.
    func testExpelUpToLowestCursorAndRegisterAfterwards() {
        let cm = manager()
        queue(cm, ["key0", "key1", "key2"])
        XCTAssertEqual(cm.registerCursor(name: "replica", lastSeqno: 1000), CursorRegistration(tryBackfill: false, nextSeqno: 1001))
        let read = cm.getItemsForCursor(name: "replica", limit: 3)
        XCTAssertEqual(read.map(\.operation), [.checkpointStart, .mutation, .mutation])
        XCTAssertEqual(cm.cursorItem(name: "replica")?.bySeqno, 1002)

        let result = cm.expelUnreferencedCheckpointItems()
        XCTAssertEqual(result.count, 2)
        XCTAssertEqual(cm.cursorItem(name: "replica")?.operation, .checkpointStart)
        XCTAssertEqual(cm.numItems, 2, "key2 and checkpoint_start, which ep-engine counts")
        XCTAssertEqual(cm.numItemsForCursor(name: "replica"), 1)

        XCTAssertEqual(cm.registerCursor(name: "c1001", lastSeqno: 1001), CursorRegistration(tryBackfill: true, nextSeqno: 1003))
        XCTAssertEqual(cm.registerCursor(name: "c1002", lastSeqno: 1002), CursorRegistration(tryBackfill: false, nextSeqno: 1003))
        XCTAssertEqual(cm.registerCursor(name: "c1003", lastSeqno: 1003), CursorRegistration(tryBackfill: false, nextSeqno: 1004))
    }

    /// With 5-byte values the engine's figure is exactly 2 × (item size + queue slot), and checkpoint
    /// memory falls by that; expelling all items leaves only key-index entries, and removing the
    /// closed checkpoint returns memory to its initial value.
    func testExpelMemoryAccountingIsExact() {
        let cm = manager()
        let initial = cm.memory
        queue(cm, ["key0", "key1", "key2"], valueSize: 5)
        cm.registerCursor(name: "replica", lastSeqno: 1000)
        cm.advanceCursor(name: "replica", by: 3)

        let itemSize = QueuedItem.headerSize + ValueBlob.headerSize + 5  // "key0" is stored inline
        let before = cm.memory
        let result = cm.expelUnreferencedCheckpointItems()
        XCTAssertEqual(result, ExpelResult(count: 2, memory: 2 * (itemSize + CheckpointMemory.queueElementOverhead),
                                           valueMemory: 2 * (ValueBlob.headerSize + 5), keyBytes: 2 * "key0".utf8.count))
        XCTAssertEqual(before.total - cm.memory.total, result.memory)

        XCTAssertEqual(cm.advanceCursor(name: "replica", by: 1), 1)
        XCTAssertEqual(cm.expelUnreferencedCheckpointItems().count, 1)
        let drained = cm.memory
        XCTAssertEqual(drained.queuedItems, initial.queuedItems)
        XCTAssertEqual(drained.queueOverhead, initial.queueOverhead)
        XCTAssertEqual(drained.keyIndex, initial.keyIndex + 3 * CheckpointMemory.keyIndexEntrySize("key0"))
        XCTAssertGreaterThan(drained.total, initial.total)

        // The cursor has read everything: it moves into the new checkpoint with it, and the old
        // one, unreferenced, is removed at once (ep-engine's addNewCheckpoint).
        cm.createNewCheckpoint()
        XCTAssertEqual(cm.numCheckpoints, 1)
        XCTAssertEqual(cm.openCheckpointId, 2)
        XCTAssertEqual(cm.getItemsForCursor(name: "replica").map(\.operation), [.checkpointStart])
        XCTAssertEqual(cm.memory, initial)
    }

    func testNothingExpelledWhileLowestCursorOnCheckpointStart() {
        let cm = manager()
        queue(cm, ["a", "b"])
        cm.registerCursor(name: "replica", lastSeqno: 1000)
        XCTAssertEqual(cm.expelUnreferencedCheckpointItems(), ExpelResult())
        cm.advanceCursor(name: "replica", by: 1)
        XCTAssertEqual(cm.cursorItem(name: "replica")?.operation, .checkpointStart)
        XCTAssertEqual(cm.expelUnreferencedCheckpointItems(), ExpelResult())
        cm.advanceCursor(name: "replica", by: 2)
        XCTAssertEqual(cm.expelUnreferencedCheckpointItems().count, 2)
        XCTAssertEqual(cm.numItems, 1)
    }

    /// kv_engine's `expelWithoutCursor`: without cursors (an ephemeral vBucket nobody streams
    /// from) everything in the oldest checkpoint goes; a closed, unreferenced checkpoint is left
    /// for removal instead.
    func testExpelWithoutCursorsTakesEverything() {
        let cm = manager()
        queue(cm, ["a", "b"])
        XCTAssertEqual(cm.expelUnreferencedCheckpointItems().count, 2)
        XCTAssertEqual(cm.numItems, 1)
        let closed = manager()
        queue(closed, ["a", "b"])
        closed.registerCursor(name: "pin", lastSeqno: 1000)
        closed.createNewCheckpoint()
        closed.removeCursor(name: "pin")
        XCTAssertEqual(closed.numCheckpoints, 1, "unreferenced once the cursor went: removed, not expelled")
    }

    /// Three mutations then three set_vbucket_state meta items (which share the next seqno,
    /// 1004). A cursor on a meta item: expel steps back over meta items to the last mutation, so
    /// all of a seqno goes or none (kv_engine's `extractItemsToExpel`): k1..k3 go, the meta items
    /// stay until the mutation after them, 1004, is read — then they go with it.
    func testMetaItemsAreExpelledWithMutations() {
        let cm = manager()
        queue(cm, ["k1", "k2", "k3"])
        for _ in 0..<3 { cm.queueSetVBState() }
        XCTAssertEqual(cm.highSeqno, 1003, "meta items do not consume seqnos")
        cm.registerCursor(name: "replica", lastSeqno: 1000)
        cm.advanceCursor(name: "replica", by: 6)
        XCTAssertEqual(cm.cursorItem(name: "replica")?.operation, .setVBucketState)
        XCTAssertEqual(cm.cursorItem(name: "replica")?.bySeqno, 1004)
        XCTAssertEqual(cm.expelUnreferencedCheckpointItems().count, 3)
        cm.advanceCursor(name: "replica", by: 1)
        XCTAssertEqual(cm.expelUnreferencedCheckpointItems().count, 0, "the cursor stands on meta items only")
        queue(cm, ["k4"])
        cm.advanceCursor(name: "replica", by: 1)
        XCTAssertEqual(cm.cursorItem(name: "replica")?.bySeqno, 1004)
        XCTAssertEqual(cm.expelUnreferencedCheckpointItems().count, 4, "the three meta items and k4")
        XCTAssertEqual(cm.numItems, 1)
    }

    /// Only the oldest checkpoint is expelled, and only when the lowest cursor is in it.
    func testExpelStopsAtTheOldestCheckpoint() {
        let cm = manager()
        queue(cm, ["a", "b"])
        cm.registerCursor(name: "slow", lastSeqno: 1000)
        cm.createNewCheckpoint()
        queue(cm, ["c", "d"])
        cm.registerCursor(name: "fast", lastSeqno: 1003)
        cm.advanceCursor(name: "slow", by: 2)
        XCTAssertEqual(cm.expelUnreferencedCheckpointItems().count, 1)
        XCTAssertEqual(cm.numItems, 3 + 3, "checkpoint 1: b, checkpoint_end, checkpoint_start; checkpoint 2: checkpoint_start, c, d")
    }
}
