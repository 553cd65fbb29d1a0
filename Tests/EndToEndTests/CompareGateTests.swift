import Foundation
import Results
import TestSupport
import XCTest

/// `kvbench compare` and `kvbench gate` on real runs.
final class CompareGateTests: KVBenchTestCase {
    /// Without persistence the checkpoint figures do not depend on flusher timing, and with one
    /// worker not on thread interleaving: every gated figure repeats exactly and is compared so.
    static let exactWorkload = tinyWorkload.replacingOccurrences(of: "count: 1", with: "count: 5")
        .replacingOccurrences(of: "workers: 2", with: "workers: 1")
        .replacingOccurrences(of: "checkpoint: {max_size: 64KiB}", with: "checkpoint: {max_size: 64KiB}, persistence: false")

    /// Runs `text` into a results directory of its own named `name`; returns its path.
    private func results(_ text: String, _ name: String, extra: [String] = [], expecting status: Int32 = 0) throws -> String {
        let file = try write(text, "\(name).yaml")
        let directory = scratch.appendingPathComponent(name).path
        let outcome = try kvbench(["run", file, "--results", directory] + extra)
        XCTAssertEqual(outcome.status, status, outcome.stderr)
        return directory
    }

    /// 20% more checkpoint memory per item (a test-only engine option) fails the gate naming
    /// checkpoint.memory.*; the same code passes; every format holds up; --summary appends.
    func testGateOnRealRuns() throws {
        let a = try results(Self.exactWorkload, "a"), c = try results(Self.exactWorkload, "c")
        let b = try results(Self.exactWorkload.replacingOccurrences(of: "persistence: false",
                                                                    with: "persistence: false, test_extra_checkpoint_bytes_per_item: 48"), "b")
        let regression = try kvbench(["gate", "--baseline", a, "--candidate", b, "--allow-mismatch"])
        XCTAssertEqual(regression.status, 1, regression.stdout + regression.stderr)
        XCTAssertTrue(regression.stderr.contains("gate: FAIL: regression (tiny-expel: checkpoint.memory."), regression.stderr)
        XCTAssertTrue(regression.stdout.contains("REGRESSED"), regression.stdout)

        let summary = scratch.appendingPathComponent("summary.md").path
        for _ in 0..<2 {
            let same = try kvbench(["gate", "--baseline", a, "--candidate", c, "--summary", summary])
            XCTAssertEqual(same.status, 0, same.stdout + same.stderr)
        }
        let text = try String(contentsOfFile: summary, encoding: .utf8)
        XCTAssertEqual(text.components(separatedBy: "### kvbench PASS").count, 3, "both summaries, appended: \(text)")

        let json = try kvbench(["compare", a, b, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        XCTAssertNotNil(decoded?["comparisons"])
        XCTAssertNotNil(decoded?["differences"], "the workload texts differ and the JSON says so")
        let junit = try kvbench(["compare", a, b, "--format", "junit"])
        XCTAssertTrue(junit.stdout.hasPrefix("<?xml"), junit.stdout)
        let page = try kvbench(["compare", a, b, "--format", "html"])
        XCTAssertTrue(page.stdout.contains("<svg") && page.stdout.contains("regressed"), page.stdout)
    }

    /// Budgets judge the candidate alone: an A/A comparison fails on `max` below the figure, and
    /// `min` on a higher-is-better metric fires only below the minimum.
    func testBudgetsFailAnAAComparison() throws {
        let a = try results(Self.exactWorkload, "a"), b = try results(Self.exactWorkload, "b")
        func gate(_ thresholds: String) throws -> ProcessRunner.Outcome {
            try kvbench(["gate", "--baseline", a, "--candidate", b, "--thresholds", try write(thresholds, "thresholds.yaml")])
        }
        let over = try gate("checkpoint.memory.before_expel: {max: 1KiB}\n")
        XCTAssertEqual(over.status, 1, over.stdout + over.stderr)
        XCTAssertTrue(over.stdout.contains("above max 1024"), over.stdout)
        let floor = try gate("ops.set.throughput: {min: 1, max_decrease: 100%}\n")
        XCTAssertEqual(floor.status, 0, floor.stdout + floor.stderr)
        let unreachable = try gate("ops.set.throughput: {min: 1000000000000, max_decrease: 100%}\n")
        XCTAssertEqual(unreachable.status, 1, unreachable.stdout + unreachable.stderr)
        XCTAssertTrue(unreachable.stdout.contains("below min"), unreachable.stdout)
    }

    /// A candidate whose repetitions failed is incomplete: exit 3 naming it, in JUnit an error.
    func testFailedCandidateRepetitionsExitThree() throws {
        let a = try results(Self.exactWorkload, "a")
        let b = try results(Self.exactWorkload, "b", extra: ["--timeout", "0.01"], expecting: 3)
        let gate = try kvbench(["gate", "--baseline", a, "--candidate", b, "--format", "junit"])
        XCTAssertEqual(gate.status, 3, gate.stdout + gate.stderr)
        XCTAssertTrue(gate.stderr.contains("5 repetition(s) failed"), gate.stderr)
        XCTAssertTrue(gate.stdout.contains("<error message="), gate.stdout)
    }

    /// Results of a different workload text are refused by the gate (exit 2) unless allowed.
    func testMismatchedResultsAreRefused() throws {
        let a = try results(Self.exactWorkload, "a")
        let b = try results(Self.exactWorkload.replacingOccurrences(of: "seed: 1", with: "seed: 2"), "b")
        let refused = try kvbench(["gate", "--baseline", a, "--candidate", b])
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("workload text"), refused.stderr)
        XCTAssertNotEqual(try kvbench(["gate", "--baseline", a, "--candidate", b, "--allow-mismatch"]).status, 2)
        let compared = try kvbench(["compare", a, b])
        XCTAssertEqual(compared.status, 0, compared.stderr)
        XCTAssertTrue(compared.stdout.contains("differs: tiny-expel: workload text"), compared.stdout)
    }

    /// HEAD in a dirty tree is the `-dirty` result set when there is one, and the output says which.
    func testDirtyHeadUsesTheDirtyResults() throws {
        let repository = scratch.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
        try "one\n".write(to: repository.appendingPathComponent("file"), atomically: true, encoding: .utf8)
        for arguments in [["init", "-q"], ["add", "file"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one"]] {
            XCTAssertEqual(try run("/usr/bin/env", ["git"] + arguments, in: repository).status, 0)
        }
        let head = try run("/usr/bin/env", ["git", "rev-parse", "HEAD"], in: repository).stdout.prefix(12)
        let source = try results(Self.exactWorkload, "a")
        let commitDirectory = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: source).first)
        let root = repository.appendingPathComponent("results")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(source)/\(commitDirectory)", toPath: root.appendingPathComponent(String(head)).path)
        try "two\n".write(to: repository.appendingPathComponent("file"), atomically: true, encoding: .utf8)
        let clean = try kvbench(["compare", source, "HEAD"], in: repository)
        XCTAssertTrue(clean.stdout.contains("HEAD (\(head): the tree has uncommitted changes"), clean.stdout + clean.stderr)
        try FileManager.default.copyItem(atPath: "\(source)/\(commitDirectory)", toPath: root.appendingPathComponent("\(head)-dirty").path)
        let dirty = try kvbench(["compare", source, "HEAD"], in: repository)
        XCTAssertTrue(dirty.stdout.contains("HEAD (\(head)-dirty)"), dirty.stdout + dirty.stderr)
    }

    /// Two workloads compared as JSON write far more than a pipe holds (64 KiB) on stdout; the
    /// command finishes and the output is whole.
    func testLargeJSONComparisonIsWhole() throws {
        let first = try write(Self.tinyWorkload, "one.yaml")
        let second = try write(Self.tinyWorkload.replacingOccurrences(of: "name: tiny-expel", with: "name: tiny-two"), "two.yaml")
        for directory in ["a", "b"] {
            let outcome = try kvbench(["run", first, second, "--repetitions", "2", "--results", scratch.appendingPathComponent(directory).path])
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
        }
        let json = try kvbench(["compare", scratch.appendingPathComponent("a").path, scratch.appendingPathComponent("b").path, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertGreaterThan(json.stdout.utf8.count, 64 << 10)
        let decoded = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertGreaterThan((decoded["comparisons"] as? [Any])?.count ?? 0, 50)
    }

    /// A truncated run.json is one clear error naming the file, exit 2.
    func testCorruptResultFileIsNamed() throws {
        let good = try results(Self.tinyWorkload, "good")
        let broken = scratch.appendingPathComponent("broken/abc/tiny-expel")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        let runJSON = broken.appendingPathComponent("run.json")
        try "{\"schema\": {\"major\": 1, \"minor\": 1}, \"metadata\": {".write(to: runJSON, atomically: true, encoding: .utf8)
        let outcome = try kvbench(["compare", good, scratch.appendingPathComponent("broken").path])
        XCTAssertEqual(outcome.status, 2)
        XCTAssertTrue(outcome.stderr.contains(runJSON.path) && outcome.stderr.contains("corrupt result file"), outcome.stderr)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, "one message")
    }
}
