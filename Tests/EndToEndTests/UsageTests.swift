import Foundation
import TestSupport
import XCTest

/// `kvbench validate`, `list`, `metrics`, `--help` and usage errors: one clear message, exit 2.
final class UsageTests: KVBenchTestCase {
    func testValidateLocatesBadCount() throws {
        let bad = Self.tinyWorkload.replacingOccurrences(of: "ops: 4000", with: "ops: lots")
        let file = try write(bad, "bad.yaml")
        let outcome = try kvbench(["validate", file])
        XCTAssertEqual(outcome.status, 2)
        XCTAssertTrue(outcome.stderr.contains("\(file):9:"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains(": phases[2].mutate.ops: expected a count"), outcome.stderr)
    }

    func testValidateRejectsMisspelledKeyAndRunRefusesToStart() throws {
        let bad = Self.tinyWorkload.replacingOccurrences(of: "seed: 1", with: "sede: 1")
        let file = try write(bad, "typo.yaml")
        let validate = try kvbench(["validate", file])
        XCTAssertEqual(validate.status, 2)
        XCTAssertTrue(validate.stderr.contains("\(file):3:1: sede: unknown key 'sede' (did you mean 'seed'?)"), validate.stderr)
        let run = try kvbench(["run", file, "--results", scratch.appendingPathComponent("out").path])
        XCTAssertEqual(run.status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("out").path), "nothing runs when a workload is invalid")
    }

    func testShippedWorkloadsAreValid() throws {
        let workloads = Self.packageRoot.appendingPathComponent("workloads")
        let outcome = try kvbench(["validate", workloads.path] + ["ycsb", "scenarios", "sweeps", "perf", "shapes"].map { workloads.appendingPathComponent($0).path })
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("checkpoint-expel") && outcome.stderr.contains("ycsb-f"), outcome.stderr)
        let list = try kvbench(["list", workloads.path])
        XCTAssertEqual(list.status, 0, list.stderr)
        for name in ["ycsb-a", "ycsb-b", "ycsb-c", "ycsb-d", "ycsb-f", "trace-cachelib", "checkpoint-expel"] {
            XCTAssertTrue(list.stdout.contains(" \(name) ["), "\(name) missing from kvbench list (with its tags):\n\(list.stdout)")
        }
        XCTAssertFalse(list.stdout.contains("(invalid"), list.stdout)
        XCTAssertTrue(list.stdout.contains(" expel-yield (matrix: 8 points) ["), list.stdout)
    }

    /// Usage errors — a missing file, an impossible flag value, an unknown option — exit 2 with
    /// one message, as the README says (not ArgumentParser's 64).
    func testUsageErrorsExitTwo() throws {
        let missing = try kvbench(["run", "nope.yaml"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nope.yaml:1:1: no such file or directory"), missing.stderr)
        for (arguments, message) in [(["run", "x.yaml", "--repetitions", "0"], "--repetitions must be between 1 and 1000"),
                                     (["run", "x.yaml", "--warmup", "9223372036854775807"], "--warmup must be between 0 and 100"),
                                     (["run", "x.yaml", "--timeout", "inf"], "--timeout must be between"),
                                     (["run", "x.yaml", "--results", ""], "--results must name a directory"),
                                     (["run", "x.yaml", "--timeout", "nan"], "--timeout must be between"),
                                     (["run", "x.yaml", "--profile", "gpu"], "--profile"),
                                     (["run", "x.yaml", "--no-such-flag"], "--no-such-flag"),
                                     (["compare", "only-one"], "candidate")] {
            let outcome = try kvbench(arguments)
            XCTAssertEqual(outcome.status, 2, "\(arguments): \(outcome.stderr)")
            XCTAssertTrue(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
        }
    }

    func testHelpExplainsFlags() throws {
        let help = try kvbench(["run", "--help"])
        XCTAssertEqual(help.status, 0)
        for flag in ["--repetitions", "--warmup", "--results", "--quick", "--allocator", "Examples:"] {
            XCTAssertTrue(help.stdout.contains(flag), "\(flag) missing from help:\n\(help.stdout)")
        }
    }

    /// `kvbench metrics` lists the catalog; its Markdown is the table of results/README.md.
    func testMetricsCommandPrintsTheCatalog() throws {
        let text = try kvbench(["metrics"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("checkpoint.memory.freed_by_expel") && text.stdout.contains("bytes-engine"), text.stdout)
        let markdown = try kvbench(["metrics", "--format", "markdown"])
        XCTAssertEqual(markdown.status, 0, markdown.stderr)
        let readme = try String(contentsOf: Self.packageRoot.appendingPathComponent("results/README.md"), encoding: .utf8)
        XCTAssertTrue(readme.contains(markdown.stdout), "results/README.md's metric table differs from `kvbench metrics --format markdown`")
    }
}
