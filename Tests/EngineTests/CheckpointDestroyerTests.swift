@_spi(Testing) import Engine
import XCTest

final class CheckpointDestroyerTests: XCTestCase {
    /// With no cursor, every checkpoint the front end closes is removed at once; the destroyer
    /// task, not the writer, frees it. Until then its bytes are pending destruction: out of
    /// ep_checkpoint_memory, still in mem_used.
    func testRemovedCheckpointsAreFreedByTheDestroyerTask() throws {
        var configuration = BucketConfiguration(maxSize: 256 << 20, maxVBuckets: 1)
        configuration.checkpointMaxSize = 4096
        configuration.checkpointDestructionTasks = 1  // the executor reports runs per task name
        let bucket = Bucket(configuration: configuration, memorySource: .engine)
        let value = [UInt8](repeating: 1, count: 100)
        for index in 0..<5000 {
            try value.withUnsafeBytes { _ = try bucket.set("key\(index)", value: $0) }
        }
        let manager = bucket.vbucket(0).checkpointManager
        XCTAssertGreaterThan(manager.openCheckpointId, 20, "the writes must have closed many checkpoints")
        XCTAssertEqual(manager.numCheckpoints, 1, "closed checkpoints without cursors leave the vBucket at once")

        let deadline = Date().addingTimeInterval(10)
        while bucket.checkpointMemoryPendingDestruction > 0 && Date() < deadline { usleep(1000) }
        XCTAssertEqual(bucket.checkpointMemoryPendingDestruction, 0, "the destroyer task must have freed every removed checkpoint")
        let runs = bucket.taskStats.filter { $0.name == "CheckpointDestroyerTask" }.map(\.runs).max() ?? 0
        XCTAssertGreaterThan(runs, 1, "woken by removals after its first run")
        XCTAssertEqual(bucket.destroyPendingCheckpoints(), 0)
    }
}
