import Foundation
@_spi(Testing) @testable import ResultIndex
@_spi(Testing) import Results
import TestSupport
import XCTest

/// The index follows the directories: what is written is found, a changed, removed or broken
/// run.json is noticed by the next synchronization, a rebuild reads everything again, and a
/// file of another schema version is emptied rather than misread.
final class ResultIndexTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws { root = try TestPaths.scratchDirectory("kvbench-index") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func makeStore(commits: Int = 4, workloads: Int = 3) throws -> [String] {
        var store = SyntheticStore()
        (store.commits, store.workloads, store.metrics, store.repetitions) = (commits, workloads, 6, 3)
        return try store.write(to: root)
    }

    func testWrittenSetsAreFoundWithTheirMetricsAndValues() throws {
        let commits = try makeStore()
        let index = try ResultIndex(root: root)
        XCTAssertFalse(index.inMemory)
        let sets = try index.sets(SetQuery(branch: "main"))
        XCTAssertEqual(sets.count, 12)
        XCTAssertEqual(Set(sets.map(\.commit)), Set(commits))
        XCTAssertTrue(sets.allSatisfy { $0.complete && $0.repetitions == 3 && $0.point == nil && $0.host == sets[0].host })
        XCTAssertEqual(sets.first?.directory, "\(commits[0].prefix(12))/workload-0", "oldest first")
        let metrics = try index.metrics(of: sets)
        XCTAssertEqual(metrics.count, 12 * 6)
        XCTAssertTrue(metrics.allSatisfy { $0.values.count == 3 && $0.lower <= $0.median && $0.median <= $0.upper })
        let run = try ResultStore.load(root.appendingPathComponent(sets[0].directory).appendingPathComponent(ResultStore.runFileName))
        let first = try XCTUnwrap(metrics.first { $0.set == 0 && $0.name == run.measured[0].metrics[0].name })
        XCTAssertEqual(first.values, run.measured.map { $0.metrics[0].value }, "values read back exactly")
        XCTAssertEqual(try index.metrics(of: sets, prefix: SyntheticRun.metric(1).definition.name(SyntheticRun.metric(1).parts)).count, 12)
        XCTAssertEqual(try index.sets(SetQuery(commits: [commits[1]], workload: "workload-2")).count, 1)
        XCTAssertEqual(try index.commits(startingWith: String(commits[2].prefix(7))), [commits[2]])
        XCTAssertEqual(try index.branches().map(\.branch), ["main"])
    }

    func testSynchronizationFollowsTheDirectories() throws {
        let commits = try makeStore()
        let index = try ResultIndex(root: root)
        XCTAssertEqual(try index.synchronize(), ResultIndex.Update(indexed: 0, removed: 0, unchanged: 12, unreadable: []))
        let gone = root.appendingPathComponent(String(commits[0].prefix(12))).appendingPathComponent("workload-1")
        try FileManager.default.removeItem(at: gone)
        let broken = root.appendingPathComponent(String(commits[1].prefix(12))).appendingPathComponent("workload-0/run.json")
        try Data("{\"schema\": {\"major\": 1, \"minor\": 3}, \"metadata\": 7}".utf8).write(to: broken)
        let changed = root.appendingPathComponent(String(commits[2].prefix(12))).appendingPathComponent("workload-0/run.json")
        var run = try ResultStore.load(changed)
        run.metadata.branch = "other"
        try ResultStore.writeAtomically(try ResultStore.encode(run), to: changed)
        let update = try index.synchronize()
        XCTAssertEqual([update.indexed, update.removed, update.unchanged], [1, 1, 9])
        XCTAssertEqual(update.unreadable.count, 1)
        XCTAssertTrue(update.unreadable[0].contains("corrupt"), update.unreadable[0])
        XCTAssertEqual(try index.sets(SetQuery(branch: "main")).count, 9, "the removed and the broken set are gone, one moved branch")
        XCTAssertEqual(try index.sets(SetQuery(branch: "other")).count, 1)
        XCTAssertEqual(try index.rebuild().indexed, 10)
    }

    /// A run with `--set` (its `+set-<hash>` commit directory) is indexed, but only a query that
    /// names that directory finds it: history and planning read the commit's own figures.
    func testSetsRunWithOverridesAreLeftOutUnlessNamed() throws {
        let commits = try makeStore(commits: 1, workloads: 1)
        let source = root.appendingPathComponent(String(commits[0].prefix(12))).appendingPathComponent("workload-0/run.json")
        var run = try ResultStore.load(source)
        run.metadata.variant = RunMetadata.variant(overrides: ["engine.quota=96MiB"])
        run.workload.overrides = ["engine.quota=96MiB"]
        let variant = root.appendingPathComponent(run.metadata.commitDirectoryName).appendingPathComponent("workload-0")
        XCTAssertTrue(run.metadata.commitDirectoryName.hasPrefix(String(commits[0].prefix(12)) + "+set-"), run.metadata.commitDirectoryName)
        try FileManager.default.createDirectory(at: variant, withIntermediateDirectories: true)
        try ResultStore.writeAtomically(try ResultStore.encode(run), to: variant.appendingPathComponent(ResultStore.runFileName))
        let index = try ResultIndex(root: root)
        XCTAssertEqual(try index.synchronize().indexed, 1)
        XCTAssertEqual(try index.sets(SetQuery(branch: "main")).map(\.commitDirectory), [String(commits[0].prefix(12))])
        XCTAssertEqual(try index.sets(SetQuery(commitDirectories: [run.metadata.commitDirectoryName])).count, 1)
    }

    /// A store written to a root that does not exist yet keeps its index on disk: the next reader
    /// finds every set indexed instead of reading them all again (what `tool_timings` times).
    func testAStoreInANewRootLeavesItsIndexOnDisk() throws {
        var store = SyntheticStore()
        (store.commits, store.workloads, store.metrics, store.repetitions) = (2, 2, 3, 3)
        let fresh = root.appendingPathComponent("new/root")
        try store.write(to: fresh)
        XCTAssertTrue(FileManager.default.fileExists(atPath: fresh.appendingPathComponent(ResultIndex.fileName).path))
        XCTAssertEqual(try ResultIndex(root: fresh).synchronize(), ResultIndex.Update(indexed: 0, removed: 0, unchanged: 4, unreadable: []))
    }

    func testAnIndexOfAnotherSchemaIsEmptiedAndRefilled() throws {
        try makeStore(commits: 1, workloads: 2)
        try IndexDatabase(path: root.appendingPathComponent(ResultIndex.fileName).path).execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
        let index = try ResultIndex(root: root)
        XCTAssertEqual(try index.sets(SetQuery()).count, 0, "emptied")
        XCTAssertEqual(try index.synchronize().indexed, 2, "refilled from the directories")
    }

    func testDurationsAndCompletedSetsForPlanning() throws {
        let commits = try makeStore(commits: 2, workloads: 2)
        let index = try ResultIndex(root: root)
        // SyntheticRun's repetitions each have phases ending at 4 s.
        XCTAssertEqual(try index.durations(), ["workload-0": 12, "workload-1": 12])
        XCTAssertEqual(try index.completed(commits: [commits[1]]), ["\(commits[1])/workload-0", "\(commits[1])/workload-1"])
        XCTAssertEqual(try index.completed(commits: ["feedface"]), [])
    }
}
