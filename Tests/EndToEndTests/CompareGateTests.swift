import Foundation
import Results
import TestSupport
import XCTest

/// `kvbench compare` and `kvbench gate` on real runs.
final class CompareGateTests: KVBenchTestCase {
    /// Real runs: the same workload with 20% more checkpoint memory per item (a test-only engine
    /// option) fails the gate naming checkpoint.memory.*; the same code passes; formats hold up.
    func testGateOnRealRuns() throws {
        // Without persistence the checkpoint figures do not depend on flusher timing, and with one
        // worker not on thread interleaving (with two, which expelled versions are still current
        // varies, and the allocator's freed bytes with it: ±4% between identical runs). Timings
        // are left ungated (a 900% limit) and the process's allocator totals get 10% (tcache
        // state moves them ±3% between identical runs), as a user would on a shared CI machine.
        let gated = Self.tinyWorkload.replacingOccurrences(of: "count: 1", with: "count: 5")
            .replacingOccurrences(of: "workers: 2", with: "workers: 1")
            .replacingOccurrences(of: "checkpoint: {max_size: 64KiB}", with: "checkpoint: {max_size: 64KiB}, persistence: false")
            + "\nthresholds:\n  ops.*: {max_increase: 900%}\n  phase.*: {max_increase: 900%}\n  checkpoint.expel.*: {max_increase: 900%}\n"
            + "  mem.*: {max_increase: 10%}\n"
        let base = try write(gated, "base.yaml")
        let worse = try write(gated.replacingOccurrences(of: "persistence: false", with: "persistence: false, test_extra_checkpoint_bytes_per_item: 48"),
                              "worse.yaml")
        for (file, directory) in [(base, "a"), (worse, "b"), (base, "c")] {
            let outcome = try kvbench(["run", file, "--results", scratch.appendingPathComponent(directory).path])
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
        }
        let a = scratch.appendingPathComponent("a").path, b = scratch.appendingPathComponent("b").path, c = scratch.appendingPathComponent("c").path

        let regression = try kvbench(["gate", "--baseline", a, "--candidate", b])
        XCTAssertEqual(regression.status, 1, regression.stdout + regression.stderr)
        XCTAssertTrue(regression.stderr.contains("checkpoint.memory."), regression.stderr)
        XCTAssertTrue(regression.stdout.contains("REGRESSED"), regression.stdout)

        let same = try kvbench(["gate", "--baseline", a, "--candidate", c, "--summary", scratch.appendingPathComponent("summary.md").path])
        XCTAssertEqual(same.status, 0, same.stdout + same.stderr)
        let summary = try String(contentsOf: scratch.appendingPathComponent("summary.md"), encoding: .utf8)
        XCTAssertTrue(summary.contains("| outcome | workload | metric |"), summary)

        let json = try kvbench(["compare", a, b, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        XCTAssertNotNil(decoded?["comparisons"])
        let junit = try kvbench(["compare", a, b, "--format", "junit"])
        XCTAssertTrue(junit.stdout.hasPrefix("<?xml"), junit.stdout)
        let page = try kvbench(["compare", a, b, "--format", "html"])
        XCTAssertTrue(page.stdout.contains("<svg") && page.stdout.contains("regressed"), page.stdout)
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
        let file = try write(Self.tinyWorkload, "tiny.yaml")
        let good = scratch.appendingPathComponent("good").path
        XCTAssertEqual(try kvbench(["run", file, "--results", good]).status, 0)
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
