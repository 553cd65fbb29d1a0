import Foundation
import Results
import TestSupport
import XCTest

/// `kvbench run --shard` with `kvbench merge`, and `kvbench history` over commits.
final class HistoryMergeTests: KVBenchTestCase {
    /// Two shards of a two-workload suite, merged, hold both workloads.
    func testShardsAndMerge() throws {
        let first = try write(Self.tinyWorkload, "a.yaml")
        let second = try write(Self.tinyWorkload.replacingOccurrences(of: "name: tiny-expel", with: "name: tiny-two"), "b.yaml")
        for shard in ["1/2", "2/2"] {
            let outcome = try kvbench(["run", first, second, "--shard", shard, "--results", scratch.appendingPathComponent("s\(shard.prefix(1))").path])
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
        }
        let merged = scratch.appendingPathComponent("merged").path
        let outcome = try kvbench(["merge", scratch.appendingPathComponent("s1").path, scratch.appendingPathComponent("s2").path, "--into", merged])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let set = try ResultSet.load(directory: URL(fileURLWithPath: merged))
        XCTAssertEqual(Set(set.runs.keys), ["tiny-expel", "tiny-two"])
        let again = try kvbench(["merge", scratch.appendingPathComponent("s1").path, scratch.appendingPathComponent("s1").path, "--into", merged])
        XCTAssertEqual(again.status, 2, "the same workload twice is refused")
        XCTAssertEqual(try kvbench(["run", first, "--shard", "3/2"]).status, 2, "an impossible shard is a usage error")
    }

    /// Results of two commits of a scratch repository: history marks the commit that added
    /// checkpoint memory as a step.
    func testHistoryMarksTheStep() throws {
        let repository = scratch.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
        func git(_ arguments: String...) throws {
            let outcome = try run("/usr/bin/env", ["git", "-c", "user.name=kvbench", "-c", "user.email=kvbench@localhost"] + arguments, in: repository)
            XCTAssertEqual(outcome.status, 0, "git \(arguments): \(outcome.stderr)")
        }
        let gated = Self.tinyWorkload.replacingOccurrences(of: "count: 1", with: "count: 5")
            .replacingOccurrences(of: "checkpoint: {max_size: 64KiB}", with: "checkpoint: {max_size: 64KiB}, persistence: false")
        let variants = [gated, gated.replacingOccurrences(of: "persistence: false", with: "persistence: false, test_extra_checkpoint_bytes_per_item: 48")]
        try git("init", "-q")
        let results = scratch.appendingPathComponent("history-results").path
        for (index, text) in variants.enumerated() {
            try text.write(to: repository.appendingPathComponent("w.yaml"), atomically: true, encoding: .utf8)
            try git("add", "w.yaml")
            try git("commit", "-q", "-m", "v\(index)")
            let outcome = try kvbench(["run", repository.appendingPathComponent("w.yaml").path, "--results", results], in: repository)
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
        }
        let page = scratch.appendingPathComponent("history.html").path
        let history = try kvbench(["history", "--results", results, "--metric", "checkpoint.memory", "--html", page], in: repository)
        XCTAssertEqual(history.status, 0, history.stderr)
        XCTAssertTrue(try String(contentsOfFile: page, encoding: .utf8).contains("#d62728"), "the regressed step is marked")
        XCTAssertTrue(history.stdout.contains("tiny-expel checkpoint.memory.before_expel"), history.stdout)
        XCTAssertTrue(history.stdout.contains("regressed"), history.stdout)
    }
}
