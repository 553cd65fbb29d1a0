@_spi(Testing) import Engine
import XCTest

final class CheckpointQueueTests: XCTestCase {
    private func blob(_ size: Int) -> ValueBlob {
        [UInt8](repeating: 7, count: size).withUnsafeBytes { ValueBlob(copying: $0, owner: .none) }
    }

    /// Re-queuing a key in the open checkpoint leaves one entry; a cursor on the old entry steps
    /// back and has exactly the new version left to read.
    func testDedupKeepsOneEntryAndStepsCursorBack() {
        let cm = CheckpointManager(vbid: 0, lastSeqno: 1000, maxSize: CheckpointMaxSize(1 << 30))
        cm.queueDirty(key: "key0", value: blob(5), revSeqno: 1, cas: 1)
        cm.registerCursor(name: "replica", lastSeqno: 1000)
        cm.advanceCursor(name: "replica", by: 2)
        XCTAssertEqual(cm.cursorItem(name: "replica")?.bySeqno, 1001)
        let memoryWithOne = cm.memory

        cm.queueDirty(key: "key0", value: blob(5), revSeqno: 2, cas: 2)
        XCTAssertEqual(cm.numItems, 2, "key0 once, and checkpoint_start")
        XCTAssertEqual(cm.memory.queuedItems, memoryWithOne.queuedItems, "same key, same sizes: one entry")
        XCTAssertEqual(cm.memory.keyIndex, memoryWithOne.keyIndex, "one key-index entry")
        XCTAssertEqual(cm.memory.queueOverhead, memoryWithOne.queueOverhead + CheckpointMemory.queueElementOverhead,
                       "the old entry's slot stays in the deque, and charged, until expel or removal")
        XCTAssertEqual(cm.numItemsForCursor(name: "replica"), 1)
        let read = cm.getItemsForCursor(name: "replica")
        XCTAssertEqual(read.map(\.bySeqno), [1002])
        XCTAssertEqual(read.first?.key, "key0")
    }

    /// After expel invalidated a key's index entry, a new write of the key is queued as new.
    func testWriteAfterExpelIsQueuedAsNew() {
        let cm = CheckpointManager(vbid: 0, lastSeqno: 0, maxSize: CheckpointMaxSize(1 << 30))
        cm.queueDirty(key: "k", value: blob(1), revSeqno: 1, cas: 1)
        cm.registerCursor(name: "replica", lastSeqno: 1)
        XCTAssertEqual(cm.expelUnreferencedCheckpointItems().count, 1)
        let keyIndex = cm.memory.keyIndex
        cm.queueDirty(key: "k", value: blob(1), revSeqno: 2, cas: 2)
        XCTAssertEqual(cm.numItems, 2, "k and checkpoint_start")
        XCTAssertEqual(cm.memory.keyIndex, keyIndex, "the invalidated entry is reused, not duplicated")
        XCTAssertEqual(cm.getItemsForCursor(name: "replica").map(\.bySeqno), [2])
    }

    /// checkpoint_max_size 10 MiB and five 10 MiB values give five checkpoints.
    func testNewCheckpointPerFullCheckpoint() {
        let cm = CheckpointManager(vbid: 0, lastSeqno: 0, maxSize: CheckpointMaxSize(10 << 20))
        cm.registerCursor(name: "persistence-like", lastSeqno: 0, droppable: false)
        let value = blob(10 << 20)
        for index in 0..<5 { cm.queueDirty(key: "big\(index)", value: value, revSeqno: 1, cas: 1) }
        XCTAssertEqual(cm.numCheckpoints, 5)
        XCTAssertEqual(cm.openCheckpointId, 5)
    }

    /// With a 1-byte limit the first item still goes into checkpoint 1 (it needs a mutation
    /// before it may close); the second opens checkpoint 2.
    func testOneByteLimitNeedsAMutationBeforeClosing() {
        let cm = CheckpointManager(vbid: 0, lastSeqno: 0, maxSize: CheckpointMaxSize(1))
        cm.registerCursor(name: "replica", lastSeqno: 0)
        cm.queueDirty(key: "a", value: blob(1), revSeqno: 1, cas: 1)
        XCTAssertEqual(cm.openCheckpointId, 1)
        cm.queueDirty(key: "b", value: blob(1), revSeqno: 1, cas: 1)
        XCTAssertEqual(cm.openCheckpointId, 2)
        XCTAssertEqual(cm.numCheckpoints, 2)
    }

    func testAutomaticCheckpointMaxSize() {
        let configuration = BucketConfiguration(maxSize: 100 << 20, maxVBuckets: 4, checkpointMemoryRatio: 0.2,
                                                checkpointMaxSize: 0, maxCheckpoints: 10)
        let expected = Int(Double(100 << 20) * 0.2 / 4 / 10)
        XCTAssertEqual(configuration.effectiveCheckpointMaxSize, expected)
        XCTAssertEqual(Bucket(configuration: configuration).checkpointMaxSize.value, expected)
        XCTAssertEqual(BucketConfiguration(checkpointMaxSize: 12345).effectiveCheckpointMaxSize, 12345)
    }

    /// Closed checkpoints without cursors are removed; the cursor holding one keeps it.
    func testClosedUnreferencedCheckpointsAreRemoved() {
        let cm = CheckpointManager(vbid: 0, lastSeqno: 0, maxSize: CheckpointMaxSize(1 << 30))
        cm.queueDirty(key: "a", value: blob(1), revSeqno: 1, cas: 1)
        cm.createNewCheckpoint()
        XCTAssertEqual(cm.numCheckpoints, 1, "no cursor holds checkpoint 1")
        cm.registerCursor(name: "replica", lastSeqno: 0)
        cm.queueDirty(key: "b", value: blob(1), revSeqno: 1, cas: 1)
        cm.createNewCheckpoint()
        XCTAssertEqual(cm.numCheckpoints, 2)
        XCTAssertTrue(cm.removeCursor(name: "replica"))
        XCTAssertEqual(cm.numCheckpoints, 1)
        XCTAssertFalse(cm.removeCursor(name: "replica"))
    }

    /// Keys of up to 15 bytes are inline in the item; a longer key is charged as the heap string
    /// it is (32 B header + bytes + NUL, in 16-byte classes), so a 40-byte key costs 80 B.
    func testItemSizeChargesOnlyHeapAllocatedKeys() {
        let cm = CheckpointManager(vbid: 0, lastSeqno: 0, maxSize: CheckpointMaxSize(1 << 30))
        let inline = cm.queueDirty(key: String(repeating: "k", count: 15), value: blob(5), revSeqno: 1, cas: 1)
        XCTAssertEqual(inline.size, QueuedItem.headerSize + ValueBlob.headerSize + 5)
        let long = cm.queueDirty(key: String(repeating: "k", count: 40), value: blob(5), revSeqno: 1, cas: 1)
        XCTAssertEqual(long.size, QueuedItem.headerSize + 80 + ValueBlob.headerSize + 5)
        XCTAssertEqual(QueuedItem.keyHeapBytes(String(repeating: "k", count: 16)), 64)
    }
}
