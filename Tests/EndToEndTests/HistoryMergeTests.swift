import Foundation
import Results
import TestSupport
import XCTest

/// `kvbench run --shard` (K/N from 0 or 1, or the index from a scheduler's environment) with
/// `kvbench merge`, `--binary`, and `kvbench history` over commits.
final class HistoryMergeTests: KVBenchTestCase {
    /// Three workloads of the tiny shape, each named after its file.
    func suite() throws -> URL {
        let directory = scratch.appendingPathComponent("suite")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in ["w-a", "w-b", "w-c"] {
            try Self.tinyWorkload.replacingOccurrences(of: "name: tiny-expel", with: "name: \(name)")
                .write(to: directory.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// Workload → its metric names, of the only commit under `root`.
    func metrics(in root: String) throws -> [String: Set<String>] {
        try ResultSet.load(directory: URL(fileURLWithPath: root)).runs.mapValues { Set($0.measured.flatMap(\.metrics).map(\.name)) }
    }

    /// A Kubernetes Indexed Job's pods (`JOB_COMPLETION_INDEX` 0, 1, 2 with `--shard-count 3`)
    /// each run a third of the suite; merged, the three equal an unsharded run's workloads and metrics.
    func testShardsFromTheEnvironmentMergeIntoTheWholeSuite() throws {
        let suite = try suite().path
        var shards: [String] = []
        for index in 0..<3 {
            let root = scratch.appendingPathComponent("shard\(index)").path
            let outcome = try kvbench(["run", suite, "--shard-count", "3", "--results", root], environment: ["JOB_COMPLETION_INDEX": String(index)])
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            XCTAssertTrue(outcome.stderr.contains("shard \(index + 1) of 3 (index \(index) counting from 0, from JOB_COMPLETION_INDEX=\(index))"),
                          outcome.stderr)
            XCTAssertEqual(Array(try metrics(in: root).keys), [["w-a", "w-b", "w-c"][index]], "shard \(index) runs its third")
            shards.append(root)
        }
        let whole = scratch.appendingPathComponent("whole").path
        XCTAssertEqual(try kvbench(["run", suite, "--results", whole]).status, 0)
        let merged = scratch.appendingPathComponent("merged").path
        let merge = try kvbench(["merge"] + shards + ["--into", merged])
        XCTAssertEqual(merge.status, 0, merge.stderr)
        XCTAssertEqual(try metrics(in: merged), try metrics(in: whole))
        let index = try kvbench(["index", "show", "--results", merged])
        XCTAssertTrue(index.stdout.hasPrefix("3 result set(s) of 1 commit(s) and 3 workload(s)"), index.stdout)

        let zeroBased = try kvbench(["run", suite, "--shard", "0/3", "--shard-base", "0", "--results", scratch.appendingPathComponent("zero").path])
        XCTAssertEqual(zeroBased.status, 0, zeroBased.stderr)
        XCTAssertEqual(Array(try metrics(in: scratch.appendingPathComponent("zero").path).keys), ["w-a"])
        for (arguments, environment) in [(["--shard", "3/3", "--shard-base", "0"], [:]), (["--shard", "0/3"], [:]), (["--shard-count", "3"], [:]),
                                         (["--shard-count", "3"], ["JOB_COMPLETION_INDEX": "3"]),
                                         (["--shard", "1/3", "--shard-count", "3"], [:]), (["--shard-base", "2", "--shard", "1/3"], [:])] {
            let refused = try kvbench(["run", suite] + arguments, environment: environment)
            XCTAssertEqual(refused.status, 2, "\(arguments) \(environment): \(refused.stderr)")
        }
    }

    /// Merge copies every file (profiles too), skips identical results, refuses other results for
    /// a workload it holds unless --overwrite, and results of another machine class in one commit
    /// unless --allow-mixed-hosts.
    func testMergeCopiesEverythingAndNeverOverwritesSilently() throws {
        let file = try write(Self.tinyWorkload, "a.yaml")
        let first = scratch.appendingPathComponent("first").path, second = scratch.appendingPathComponent("second").path
        let profiled = try kvbench(["run", file, "--profile", "cpu", "--results", first])
        XCTAssertEqual(profiled.status, 0, profiled.stderr)
        XCTAssertEqual(try kvbench(["run", file, "--results", second]).status, 0)
        let merged = scratch.appendingPathComponent("merged").path
        XCTAssertEqual(try kvbench(["merge", first, "--into", merged]).status, 0)
        let commit = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: first).first { !$0.hasPrefix(".") })
        let source = URL(fileURLWithPath: first).appendingPathComponent(commit).appendingPathComponent("tiny-expel")
        let copy = URL(fileURLWithPath: merged).appendingPathComponent(commit).appendingPathComponent("tiny-expel")
        let sourceFiles = try XCTUnwrap(FileManager.default.subpathsOfDirectory(atPath: source.path)).sorted()
        XCTAssertTrue(sourceFiles.contains { $0.hasPrefix("profiles/") && $0.hasSuffix(".prof") }, "\(sourceFiles)")
        XCTAssertEqual(try FileManager.default.subpathsOfDirectory(atPath: copy.path).sorted(), sourceFiles, "every file, profiles included")

        let again = try kvbench(["merge", first, "--into", merged])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("merged 0 workload result(s)") && again.stderr.contains("1 already there, identical"), again.stderr)
        let other = try kvbench(["merge", second, "--into", merged])
        XCTAssertEqual(other.status, 2, "other results for the same workload are refused")
        XCTAssertTrue(other.stderr.contains("already holds other results for \(commit)/tiny-expel"), other.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: copy.appendingPathComponent("profiles").path), "nothing was replaced")
        let replaced = try kvbench(["merge", second, "--into", merged, "--overwrite"])
        XCTAssertEqual(replaced.status, 0, replaced.stderr)
        XCTAssertTrue(replaced.stderr.contains("replaced \(commit)/tiny-expel"), replaced.stderr)
        XCTAssertEqual(try kvbench(["merge", first, first, "--into", scratch.appendingPathComponent("twice").path]).status, 2,
                       "the same workload from two inputs is refused")

        // A second workload of the same commit measured on another kind of machine.
        let twoFile = try write(Self.tinyWorkload.replacingOccurrences(of: "name: tiny-expel", with: "name: tiny-two"), "b.yaml")
        let foreign = scratch.appendingPathComponent("foreign").path
        XCTAssertEqual(try kvbench(["run", twoFile, "--results", foreign]).status, 0)
        let runFile = URL(fileURLWithPath: foreign).appendingPathComponent(commit).appendingPathComponent("tiny-two/run.json")
        var run = try ResultStore.load(runFile)
        run.metadata.host.cpuModel = "Another CPU"
        try ResultStore.writeAtomically(try ResultStore.encode(run), to: runFile)
        let mixed = try kvbench(["merge", foreign, "--into", merged])
        XCTAssertEqual(mixed.status, 2)
        XCTAssertTrue(mixed.stderr.contains("2 kinds of machine") && mixed.stderr.contains("Another CPU"), mixed.stderr)
        XCTAssertEqual(try kvbench(["merge", foreign, "--into", merged, "--allow-mixed-hosts"]).status, 0)
    }

    /// `--binary` runs the repetitions with the kvbench it names (here a wrapper that logs how it
    /// was started, then starts the real one).
    func testBinaryRunsThePrebuiltKVBench() throws {
        let log = scratch.appendingPathComponent("started.log")
        let wrapper = scratch.appendingPathComponent("kvbench-artifact")
        try "#!/bin/sh\necho \"$@\" >> \(log.path)\nexec \(try kvbenchExecutable().path) \"$@\"\n".write(to: wrapper, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(wrapper.path, 0o755), 0)
        let file = try write(Self.tinyWorkload, "a.yaml")
        let outcome = try kvbench(["run", file, "--binary", wrapper.path, "--results", scratch.appendingPathComponent("out").path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(try String(contentsOf: log, encoding: .utf8).contains("_repetition"), "the repetitions ran under the wrapper")
        XCTAssertEqual(try kvbench(["run", file, "--binary", scratch.appendingPathComponent("missing").path]).status, 2)
    }

    /// Results of two commits of a scratch repository: history marks the commit that added
    /// checkpoint memory as a regressed step, and the dashboard shades it.
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
        XCTAssertTrue(try String(contentsOfFile: page, encoding: .utf8).contains("<rect class=\"change regressed\""), "the regressed step is shaded")
        XCTAssertTrue(history.stdout.contains("tiny-expel checkpoint.memory.before_expel [bytes]: regressed +"), history.stdout)
        XCTAssertTrue(history.stdout.contains("step at "), history.stdout)
        XCTAssertTrue(history.stdout.contains("note: the workload file changed within this range"), history.stdout)
        let none = try kvbench(["history", "--results", results, "--branch", "no-such-branch"], in: repository)
        XCTAssertEqual(none.status, 2, none.stderr)
    }
}
