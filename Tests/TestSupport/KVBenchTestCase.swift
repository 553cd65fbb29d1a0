import Foundation
import Results
import XCTest

/// Base of the tests that run the real `kvbench` executable the way a user does, each in a
/// scratch directory of its own that is removed afterwards.
open class KVBenchTestCase: XCTestCase {
    public static let packageRoot = TestPaths.packageRoot

    /// A small workload with every checkpoint phase: a cursor, a load, a mutate, expel between snapshots.
    public static let tinyWorkload = """
    version: 1
    name: tiny-expel
    seed: 1
    engine: {quota: 64MiB, vbuckets: 4, checkpoint: {max_size: 64KiB}}
    dataset: {items: 2000, key: {pattern: "key:%08d"}, value: {size: 100B}}
    phases:
      - cursor: {name: replica, register: 0}
      - load: {workers: 2}
      - mutate: {mix: {set: 80, get: 20}, keys: {dist: zipfian}, ops: 4000, workers: 2}
      - cursor: {name: replica, advance: 400}
      - snapshot: {label: before_expel}
      - expel: {}
      - snapshot: {label: after_expel}
    repetitions: {count: 1}
    """

    public var scratch: URL!

    open override func setUpWithError() throws {
        scratch = try TestPaths.scratchDirectory("kvbench-e2e")
    }

    open override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    /// The `kvbench` built next to the test bundle.
    public func kvbenchExecutable() throws -> URL {
        try XCTUnwrap(TestPaths.kvbench, "kvbench executable not built next to the tests; run them with `make test`")
    }

    /// The environment kvbench runs with in tests: ours, without a preload of our own.
    public func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["LD_PRELOAD"] = nil
        return environment.merging(extra) { _, new in new }
    }

    public func kvbench(_ arguments: [String], in directory: URL? = nil, environment extra: [String: String] = [:]) throws -> ProcessRunner.Outcome {
        try ProcessRunner.run(try kvbenchExecutable().path, arguments, in: directory ?? scratch, environment: environment(extra))
    }

    /// Starts kvbench and returns at once, for tests that signal it.
    public func startKVBench(_ arguments: [String]) throws -> ProcessRunner.Started {
        try ProcessRunner.start(try kvbenchExecutable().path, arguments, in: scratch, environment: environment())
    }

    /// Runs any program to completion.
    public func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> ProcessRunner.Outcome {
        try ProcessRunner.run(executable, arguments, in: directory ?? scratch)
    }

    public func write(_ text: String, _ name: String) throws -> String {
        let file = scratch.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// The one run.json under `results`.
    public func runFile(in results: URL) throws -> URL {
        try XCTUnwrap(FileManager.default.enumerator(at: results, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.first { $0.lastPathComponent == ResultStore.runFileName }, "no run.json under \(results.path)")
    }

    /// summary.csv of `workload` (the only commit directory under `results`) by metric, after
    /// checking every file of a result set is there.
    public func summary(in results: URL, workload: String) throws -> [String: [String]] {
        let commitDirs = try FileManager.default.contentsOfDirectory(atPath: results.path).filter { !$0.hasPrefix(".") }
        XCTAssertEqual(commitDirs.count, 1)
        let directory = results.appendingPathComponent(commitDirs[0]).appendingPathComponent(workload)
        for file in ["run.json", "summary.csv", "timeseries.csv", "latency.csv", "phases.csv", "report.html"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path), "\(file) missing")
        }
        let csv = try String(contentsOf: directory.appendingPathComponent("summary.csv"), encoding: .utf8)
        var rows: [String: [String]] = [:]
        for line in csv.components(separatedBy: "\r\n").dropFirst() where !line.isEmpty {
            let fields = line.components(separatedBy: ",")
            rows[fields[1]] = fields
        }
        return rows
    }

    /// The median column of `metric` in summary rows, as a number.
    public func median(_ rows: [String: [String]], _ metric: String) -> Double? {
        rows[metric].flatMap { Double($0[5]) }
    }
}
