import Foundation
@testable import Runner
import TestSupport
import XCTest

/// Splitting a suite over machines: shards as `K/N` counted from 0 or 1 or from a scheduler's
/// environment, and `kvbench plan`'s matrix by past durations within GitHub's job limit.
final class ShardAndMatrixTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws { directory = try TestPaths.scratchDirectory("kvbench-shard") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func testShardsAreCountedFromTheBaseGiven() throws {
        XCTAssertEqual(try Shard.parse("1/3", base: 1).index, 0)
        XCTAssertEqual(try Shard.parse("0/3", base: 0).index, 0)
        XCTAssertEqual(try Shard.parse("2/3", base: 0).index, 2)
        for (text, base) in [("0/3", 1), ("3/3", 0), ("4/3", 1), ("1/0", 1), ("a/3", 1), ("1/3/4", 1), ("-1/3", 0)] {
            XCTAssertThrowsError(try Shard.parse(text, base: base), "\(text) from \(base)")
        }
        let shard = try Shard.parse("1/3", base: 1)
        XCTAssertEqual((0..<7).filter(shard.selects), [0, 3, 6])
    }

    func testTheEnvironmentOfEachSchedulerGivesTheIndex() throws {
        XCTAssertEqual(try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "0"], count: 3).index, 0)
        XCTAssertEqual(try Shard.fromEnvironment(["KVBENCH_SHARD_INDEX": "2", "KVBENCH_SHARD_COUNT": "3"], count: 3).index, 2)
        // A Slurm array --array=1-3 gives task ids 1, 2, 3; --array=0-8:4 gives 0, 4, 8.
        XCTAssertEqual(try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "3"],
                                                 count: 3).index, 1)
        XCTAssertEqual(try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "8", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_STEP": "4"],
                                                 count: 3).index, 2)
        let refused: [[String: String]] = [
            [:], ["JOB_COMPLETION_INDEX": "3"], ["JOB_COMPLETION_INDEX": "x"], ["JOB_COMPLETION_INDEX": "0", "SLURM_ARRAY_TASK_ID": "0"],
            ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "4"],
        ]
        for environment in refused { XCTAssertThrowsError(try Shard.fromEnvironment(environment, count: 3), "\(environment)") }
    }

    func testThePlanBalancesByDurationWithinTheJobLimit() throws {
        for name in ["a", "b", "c", "d", "e"] { _ = try RunnerFixtures.workload(name, in: directory) }
        let durations = ["a": 100.0, "b": 60, "c": 40, "d": 30, "e": 30]
        let plan = try MatrixPlan.plan(paths: [directory.path], commits: ["c1"], durations: durations, completed: [], jobs: 2)
        XCTAssertEqual(plan.jobs.map(\.seconds).sorted(), [130, 130])
        XCTAssertEqual(plan.jobs.map(\.commits), ["c1", "c1"])
        let files = plan.jobs.flatMap { $0.workloads.split(separator: " ").map { URL(fileURLWithPath: String($0)).lastPathComponent } }
        XCTAssertEqual(files.sorted(), ["a.yaml", "b.yaml", "c.yaml", "d.yaml", "e.yaml"])

        let skipping = try MatrixPlan.plan(paths: [directory.path], commits: ["c1", "c2"], durations: durations, completed: ["c1/a", "c2/b"], jobs: 256)
        XCTAssertEqual(skipping.units, 8)
        XCTAssertEqual(skipping.complete, 2)
        XCTAssertEqual(skipping.jobs.count, 8, "no more jobs than commit × workload pairs")

        // More commits than jobs: whole commits share a job, longest first onto the lightest.
        let packed = try MatrixPlan.plan(paths: [directory.path], commits: (0..<5).map { "c\($0)" }, durations: durations, completed: [], jobs: 2)
        XCTAssertEqual(packed.jobs.count, 2)
        XCTAssertEqual(packed.jobs.map { $0.commits.split(separator: " ").count }.sorted(), [2, 3])
        XCTAssertTrue(packed.jobs.allSatisfy { $0.workloads.split(separator: " ").count == 5 })

        let unknown = try MatrixPlan.plan(paths: [directory.path], commits: ["c1"], durations: ["a": 10], completed: [], jobs: 5)
        XCTAssertEqual(unknown.unknown, ["b", "c", "d", "e"])
        XCTAssertEqual(unknown.jobs.map(\.seconds), [10, 10, 10, 10, 10], "the median of the known durations stands in")
        let json = try JSONSerialization.jsonObject(with: Data(unknown.matrixJSON.utf8)) as? [String: [[String: Any]]]
        XCTAssertEqual(json?["include"]?.count, 5)
        XCTAssertFalse(unknown.matrixJSON.contains("\n"), "one line, for $GITHUB_OUTPUT")
    }
}
