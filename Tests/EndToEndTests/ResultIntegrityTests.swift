import Foundation
import Results
import TestSupport
import XCTest

/// Results as units: a run killed at any instant leaves each workload's set whole (old or new)
/// and nothing behind; runs that would overwrite each other are refused; one bad file hides
/// nothing else; a results root that cannot be written is reported before anything runs.
final class ResultIntegrityTests: KVBenchTestCase {
    /// kvbench and its children here write their temporary files under the test's scratch
    /// directory, which also marks them in `ps` output.
    private var temporary: URL { scratch.appendingPathComponent("tmp") }

    private func start(_ arguments: [String]) throws -> ProcessRunner.Started {
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        return try ProcessRunner.start(try kvbenchExecutable().path, arguments, in: scratch, environment: environment(["TMPDIR": temporary.path]))
    }

    /// Processes whose environment names this test's scratch directory: only ones it started, and their descendants.
    private func survivors() throws -> [String] {
        let listing = try run("/bin/ps", ["axeww", "-o", "pid=,args="])
        return listing.stdout.split(separator: "\n").filter { $0.contains(temporary.path) && !$0.contains("/bin/ps") }.map(String.init)
    }

    /// A workload directory is a whole set: every file there, and the report made from that run.json.
    private func assertWholeSet(_ directory: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try ResultStore.load(directory.appendingPathComponent(ResultStore.runFileName))
        for name in ["summary.csv", "timeseries.csv", "latency.csv", "phases.csv", "report.html"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), name, file: file, line: line)
        }
        let report = try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains(run.metadata.timestamp), "report.html is not from this run.json", file: file, line: line)
    }

    /// SIGKILL of kvbench at 20 random instants: every time, the workload's directory holds the
    /// previous set or the new one, whole; the children die with their parent; the next run
    /// needs no cleanup and leaves no staged set or scratch directory.
    func testKilledRunsLeaveWholeSetsAndNothingBehind() throws {
        let file = try write(Self.tinyWorkload.replacingOccurrences(of: "count: 1", with: "count: 2"), "tiny.yaml")
        let results = scratch.appendingPathComponent("results")
        let first = try start(["run", file, "--results", results.path]).wait()
        XCTAssertEqual(first.status, 0, first.stderr)
        let commit = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: results.path).first { !$0.hasPrefix(".") })
        let workload = results.appendingPathComponent(commit).appendingPathComponent("tiny-expel")
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let running = try start(["run", file, "--results", results.path])
            usleep(UInt32.random(in: 200_000...3_000_000, using: &random))
            running.signal(SIGKILL)
            _ = running.wait()
            try assertWholeSet(workload)
            XCTAssertTrue(Poll.until(timeout: 10) { (try? self.survivors())?.isEmpty ?? false }, "\((try? survivors()) ?? [])")
        }
        let last = try start(["run", file, "--results", results.path]).wait()
        XCTAssertEqual(last.status, 0, last.stderr)
        try assertWholeSet(workload)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: results.appendingPathComponent(commit).path)
            .filter { $0.hasPrefix(".staging-") || $0.hasPrefix(".retired-") }
        XCTAssertEqual(leftovers, [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: temporary.path).filter { $0.hasPrefix("kvbench-") }, [])
    }

    /// Two runs of one workload into one directory at once: one runs, the other is refused with
    /// a message and exit 3 — neither result disappears silently. Two workloads sharing a
    /// `data_directory` likewise.
    func testConcurrentRunsOfOneWorkloadAreRefused() throws {
        let slow = Self.tinyWorkload.replacingOccurrences(of: "  - expel: {}\n", with: "  - expel: {}\n  - sleep: 3s\n")
        let file = try write(slow, "tiny.yaml")
        let results = scratch.appendingPathComponent("results").path
        let runs = try (0..<2).map { _ in try start(["run", file, "--results", results]) }
        let outcomes = runs.map { $0.wait() }
        XCTAssertEqual(outcomes.map(\.status).sorted(), [0, 3], outcomes.map(\.stderr).joined(separator: "\n---\n"))
        XCTAssertTrue(outcomes.contains { $0.stderr.contains("another kvbench is running it") }, outcomes.map(\.stderr).joined())

        let data = scratch.appendingPathComponent("data").path
        let shared = slow.replacingOccurrences(of: "checkpoint: {max_size: 64KiB}}", with: "checkpoint: {max_size: 64KiB}, data_directory: \(data)}")
        let files = [try write(shared, "a.yaml"), try write(shared.replacingOccurrences(of: "name: tiny-expel", with: "name: other"), "b.yaml")]
        let pair = try files.map { try start(["run", $0, "--results", results]) }.map { $0.wait() }
        XCTAssertEqual(pair.map(\.status).sorted(), [0, 3], pair.map(\.stderr).joined(separator: "\n---\n"))
        XCTAssertTrue(pair.contains { $0.stderr.contains("\(data)/.kvbench.lock is locked") }, pair.map(\.stderr).joined())
    }

    /// One corrupt run.json is reported and skipped: the index still lists the others and says
    /// which file it could not read; compare names it and the gate calls the set incomplete.
    func testOneCorruptFileHidesNothingElse() throws {
        let results = scratch.appendingPathComponent("results")
        for name in ["one", "two", "three"] {
            let file = try write(Self.tinyWorkload.replacingOccurrences(of: "name: tiny-expel", with: "name: \(name)"), "\(name).yaml")
            XCTAssertEqual(try start(["run", file, "--results", results.path]).wait().status, 0)
            if name == "two" {
                let commit = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: results.path).first { !$0.hasPrefix(".") })
                try "{\"schema\": {".write(to: results.appendingPathComponent("\(commit)/one/run.json"), atomically: true, encoding: .utf8)
            }
        }
        let commit = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: results.path).first { !$0.hasPrefix(".") })
        let index = try String(contentsOf: results.appendingPathComponent("\(commit)/index.html"), encoding: .utf8)
        XCTAssertTrue(index.contains("./two/report.html") && index.contains("./three/report.html"), index)
        XCTAssertTrue(index.contains("unreadable, not listed") && index.contains("one/run.json"), index)
        let directory = results.appendingPathComponent(commit).path
        let gate = try kvbench(["gate", "--baseline", directory, "--candidate", directory])
        XCTAssertEqual(gate.status, 3, gate.stdout + gate.stderr)
        XCTAssertTrue(gate.stderr.contains("one/run.json"), gate.stderr)
    }

    /// A results root that is a file, or cannot be created, is an error before any repetition runs.
    func testAnUnwritableResultsRootIsReportedFirst() throws {
        let file = try write(Self.tinyWorkload, "tiny.yaml")
        let regular = try write("not a directory", "results")
        let outcome = try kvbench(["run", file, "--results", regular])
        XCTAssertEqual(outcome.status, 2, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("the results directory cannot be written"), outcome.stderr)
        XCTAssertFalse(outcome.stderr.contains("repetition"), outcome.stderr)
        let dangling = scratch.appendingPathComponent("dangling").path
        XCTAssertEqual(symlink(scratch.appendingPathComponent("nowhere/deeper").path, dangling), 0)
        XCTAssertEqual(try kvbench(["run", file, "--results", dangling]).status, 2)
    }
}
