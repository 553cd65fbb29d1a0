import Foundation
import Results
import TestSupport
import XCTest

/// `kvbench run` when things go wrong: failed phases, limits, interrupts, concurrent runs,
/// restarts and storage faults. Each test signals only the kvbench it started.
final class RunReliabilityTests: KVBenchTestCase {
    /// A phase that cannot complete fails its repetition: exit 3, the failure and its reason are
    /// in the results, and the other files are still written.
    func testTimedOutWaitFailsTheRepetitionButKeepsResults() throws {
        let stuck = Self.tinyWorkload.replacingOccurrences(of: "  - expel: {}\n", with: "  - expel: {}\n  - wait: {until: \"quota > 2 * quota\", timeout: 100ms}\n")
        let file = try write(stuck, "stuck.yaml")
        let results = scratch.appendingPathComponent("out")
        let outcome = try kvbench(["run", file, "--repetitions", "1", "--results", results.path])
        XCTAssertEqual(outcome.status, 3, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("FAILED"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("still false after 0.1s"), outcome.stderr)
        let run = try ResultStore.load(try runFile(in: results))
        XCTAssertEqual(run.repetitions.first?.status, .failed)
        XCTAssertTrue(run.repetitions.first?.failure?.hasPrefix("phase 6:") ?? false, run.repetitions.first?.failure ?? "")
    }

    /// SIGINT once the first of three repetitions is done: exit 130, and a readable result holding
    /// the completed repetition (and the interrupted one, if the second had started), marked
    /// interrupted; `--resume` then completes it, keeping what was measured.
    func testInterruptKeepsWhatCompletedAndResumeFinishesIt() throws {
        let text = Self.tinyWorkload.replacingOccurrences(of: "count: 1", with: "count: 3")
            .replacingOccurrences(of: "  - expel: {}\n", with: "  - expel: {}\n  - sleep: 1500ms\n")
        let file = try write(text, "slow.yaml")
        let results = scratch.appendingPathComponent("out")
        let running = try startKVBench(["run", file, "--results", results.path])
        XCTAssertTrue(running.waitForStderr(timeout: 120) { $0.contains("repetition 1/3 done") }, running.stderrSoFar)
        running.signal(SIGINT)
        let interrupted = running.wait()
        XCTAssertEqual(interrupted.status, 130, interrupted.stderr)
        let runFile = try runFile(in: results)
        let run = try ResultStore.load(runFile)
        XCTAssertEqual(run.interrupted, true)
        XCTAssertEqual(run.repetitions.first?.status, .ok)
        XCTAssertTrue(run.repetitions.dropFirst().allSatisfy { $0.status == .interrupted }, "\(run.repetitions.map(\.status))")
        XCTAssertEqual(run.measured.count, 1)
        let report = try String(contentsOf: runFile.deletingLastPathComponent().appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("interrupted: 1 of 3 repetitions completed"), "the report must not read as complete")
        let index = try String(contentsOf: runFile.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("index.html"),
                               encoding: .utf8)
        XCTAssertTrue(index.contains("interrupted: 1 of 3 repetitions completed"), index)

        let resumed = try kvbench(["run", file, "--results", results.path, "--resume"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("resuming after 1 kept repetition"), resumed.stderr)
        let completed = try ResultStore.load(runFile)
        XCTAssertNil(completed.interrupted)
        XCTAssertEqual(completed.repetitions.map(\.status), [.ok, .ok, .ok])
        XCTAssertEqual(completed.repetitions.map(\.index), [0, 1, 2])
        XCTAssertEqual(completed.repetitions[0].metrics, run.repetitions[0].metrics, "the kept repetition is the one measured before")

        let again = try kvbench(["run", file, "--results", results.path, "--resume"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("already complete"), again.stderr)
        _ = try write(text.replacingOccurrences(of: "seed: 1", with: "seed: 2"), "slow.yaml")
        let changed = try kvbench(["run", file, "--results", results.path, "--resume"])
        XCTAssertEqual(changed.status, 3, changed.stderr)
        XCTAssertTrue(changed.stderr.contains("different version"), changed.stderr)
        XCTAssertEqual(try ResultStore.load(runFile).repetitions.count, 3, "a refused resume leaves the results alone")
    }

    /// A repetition over --memory-limit is killed and recorded as failed with what it reached.
    func testMemoryLimitFailsTheRepetition() throws {
        let file = try write(Self.tinyWorkload, "tiny.yaml")
        let outcome = try kvbench(["run", file, "--memory-limit", "2MiB", "--results", scratch.appendingPathComponent("out").path])
        XCTAssertEqual(outcome.status, 3, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("exceeded the memory limit of 2.0MiB (resident"), outcome.stderr)
    }

    /// A repetition over --timeout is killed and recorded as failed with the reason; exit 3.
    func testTimeoutFailsTheRepetition() throws {
        let text = Self.tinyWorkload.replacingOccurrences(of: "  - expel: {}\n", with: "  - expel: {}\n  - sleep: 30s\n")
        let file = try write(text, "stuck.yaml")
        let results = scratch.appendingPathComponent("out")
        let outcome = try kvbench(["run", file, "--timeout", "2", "--results", results.path])
        XCTAssertEqual(outcome.status, 3, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("timed out after 2.0s"), outcome.stderr)
    }

    /// Two runs writing into one results directory at once both leave complete results, and the
    /// commit's index lists both.
    func testConcurrentRunsIntoOneDirectory() throws {
        let first = try write(Self.tinyWorkload, "one.yaml")
        let second = try write(Self.tinyWorkload.replacingOccurrences(of: "name: tiny-expel", with: "name: tiny-two"), "two.yaml")
        let results = scratch.appendingPathComponent("shared")
        let runs = try [first, second].map { try startKVBench(["run", $0, "--repetitions", "2", "--results", results.path]) }
        for run in runs {
            let outcome = run.wait()
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
        }
        let set = try ResultSet.load(directory: results)
        XCTAssertEqual(Set(set.runs.keys), ["tiny-expel", "tiny-two"])
        XCTAssertTrue(set.runs.values.allSatisfy { $0.measured.count == 2 })
        let commit = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: results.path).first { !$0.hasPrefix(".") })
        let index = try String(contentsOf: results.appendingPathComponent(commit).appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(index.contains("tiny-expel/report.html") && index.contains("tiny-two/report.html"))
    }

    /// A write-heavy mix while 30% of commits fail, a clean restart and a killed one: warmup
    /// brings the data back, `verify` finds every acknowledged mutation (minus those a kill lost
    /// before they were persisted, which it stops checking), and the failures are reported.
    func testRestartsAndStorageFaultsKeepEveryAcknowledgedMutation() throws {
        let file = try write("""
            version: 1
            name: restarts
            seed: 5
            engine: {quota: 64MiB, vbuckets: 8}
            dataset: {items: 5000, key: {pattern: "key:%08d"}, value: {size: 200B}}
            phases:
              - load: {workers: 2}
              - storage_faults: {mode: failing_writes, rate: 0.3}
              - mutate: {mix: {set: 70, delete: 30}, ops: 20k, workers: 2}
              - storage_faults: {mode: none}
              - restart: {}
              - verify: {}
              - mutate: {mix: {set: 80, get: 10, delete: 10}, ops: 20k, workers: 2}
              - restart: {kill: true}
              - verify: {}
            repetitions: {count: 1}
            """, "restarts.yaml")
        let results = scratch.appendingPathComponent("out")
        let outcome = try kvbench(["run", file, "--results", results.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let rows = try summary(in: results, workload: "restarts")
        XCTAssertGreaterThan(median(rows, "persistence.errors") ?? 0, 0)
        XCTAssertGreaterThan(median(rows, "tasks.failures") ?? 0, 0)
        XCTAssertGreaterThan(median(rows, "warmup.items") ?? 0, 0)
        XCTAssertNotNil(median(rows, "warmup.seconds"))
        XCTAssertEqual(median(rows, "phase.4.restart.lost_mutations"), 0, "a clean restart persists everything first")
        XCTAssertEqual(median(rows, "phase.5.verify.keys"), 5000)
        XCTAssertEqual(median(rows, "phase.5.verify.mismatches"), 0)
        XCTAssertEqual(median(rows, "phase.8.verify.mismatches"), 0)
        XCTAssertTrue(outcome.stderr.contains("background task Flusher failed"), outcome.stderr)
    }
}
