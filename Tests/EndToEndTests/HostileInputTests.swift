import Foundation
import TestSupport
import XCTest

/// Inputs a careless or hostile user gives: each is answered by `validate` with one located
/// message and exit 2 — never a signal or a hang — and what `validate` accepts at the edge of
/// its limits runs without a repetition being killed.
final class HostileInputTests: KVBenchTestCase {
    static let base = """
    version: 1
    name: hostile
    engine: {quota: 64MiB, vbuckets: 4}
    dataset: {items: 1000, value: {size: 64B}}
    phases:
      - load: {workers: 1}
    repetitions: {count: 1}

    """

    /// `validate` on `text` (written to a file): exit 2, by no signal, with `message` in its output.
    private func refused(_ text: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = try write(text, "case.yaml")
        let outcome = try kvbench(["validate", path])
        XCTAssertFalse(outcome.signaled, "killed by signal \(outcome.status)", file: file, line: line)
        XCTAssertEqual(outcome.status, 2, outcome.stdout + outcome.stderr, file: file, line: line)
        XCTAssertTrue(outcome.stderr.contains(message), "expected '\(message)' in: \(outcome.stderr)", file: file, line: line)
    }

    private func with(_ replacement: (String, String)) -> String {
        Self.base.replacingOccurrences(of: replacement.0, with: replacement.1)
    }

    func testNumericExtremesAreRefusedWithTheirRange() throws {
        try refused(with(("value: {size: 64B}}", "value: {size: 64B}, ttl: 5000000000s}")), "dataset.ttl: must be between 0s and 2592000s")
        try refused(with(("repetitions: {count: 1}", "repetitions: {count: 5e18, warmup: 5e18}")), "repetitions.count: must be between 1 and 1000")
        try refused(Self.base + "metrics: {interval: 10000000000s}\n", "metrics.interval: must be between 0.01s and 60s")
        try refused(with(("- load: {workers: 1}", "- load: {workers: 1}\n  - mutate: {ops: 10, rate: 10/s, ramp: 1e30s}")),
                    "phases[1].mutate.ramp: must be between 0s and 3600s")
        try refused(with(("vbuckets: 4}", "vbuckets: 4, bucket_quota_change_task_poll_interval: 10000000000s}")),
                    "must be between 0.001s and 60s")
        try refused(with(("items: 1000,", "items: 1000, key: {pattern: \"%09999999999999d\"},")), "dataset.key.pattern")
        try refused(with(("items: 1000,", "items: 1000, key: {pattern: \"%0251d\"},")), "keys are limited to 250 bytes")
        try refused(with(("quota: 64MiB", "quota: 999999TiB")), "engine.quota: must be between 1.0MiB and 1.0TiB")
        try refused(with(("items: 1000,", "items: 1e300,")), "dataset.items")
        try refused(with(("- load: {workers: 1}", "- load: {workers: 100000}")), "workers: must be between 1 and 256")
    }

    func testExpressionsAndYAMLCannotRecurseOrExpandWithoutBound() throws {
        try refused(with(("- load: {workers: 1}", "- load: {workers: 1}\n  - wait: {until: \"\(String(repeating: "-", count: 70_000))1 < mem_used\"}")),
                    "longer than 4096 characters")
        try refused(with(("- load: {workers: 1}", "- load: {workers: 1}\n  - wait: {until: \"\(String(repeating: "(", count: 40))1\(String(repeating: ")", count: 40)) < mem_used\"}")),
                    "nested more than 32 levels deep")
        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 { bomb += "a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", "))]\n" }
        try refused(bomb + "? *a8\n: 1\n", "did not compose within 2s")
        try refused("version: 1\nphases: " + String(repeating: "[", count: 100_000), "invalid YAML")
    }

    func testNamesMustBeSafeDirectoryNames() throws {
        try refused(with(("name: hostile", "name: \(String(repeating: "n", count: 300))")), "at most 100 characters")
        try refused(with(("name: hostile", "name: index.html")), "would collide with the files kvbench writes")
        try refused(with(("name: hostile", "name: ../escape")), "use ASCII letters")
        try refused(with(("name: hostile", "name: \"\\e[31mred\"")), "\\u{1B}[31mred")
    }

    func testSpecialAndHugeFilesAreRefusedByKind() throws {
        for (path, message) in [("/dev/zero", "not a regular file"), (scratch.path, "holds no .yaml workload files"), ("/nonexistent.yaml", "no such file")] {
            let outcome = try kvbench(["validate", path])
            XCTAssertEqual(outcome.status, 2, outcome.stderr)
            XCTAssertTrue(outcome.stderr.contains(message), outcome.stderr)
        }
        let fifo = scratch.appendingPathComponent("fifo.yaml").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let viaFifo = try kvbench(["validate", fifo])
        XCTAssertEqual(viaFifo.status, 2)
        XCTAssertTrue(viaFifo.stderr.contains("not a regular file"), viaFifo.stderr)
        let huge = scratch.appendingPathComponent("huge.yaml")
        XCTAssertTrue(FileManager.default.createFile(atPath: huge.path, contents: nil))
        try FileHandle(forWritingTo: huge).truncate(atOffset: 100 << 20)
        let hugeOutcome = try kvbench(["validate", huge.path])
        XCTAssertEqual(hugeOutcome.status, 2)
        XCTAssertTrue(hugeOutcome.stderr.contains("over the 1.0MiB limit"), hugeOutcome.stderr)
        let sparseTrace = scratch.appendingPathComponent("sparse.csv")
        XCTAssertTrue(FileManager.default.createFile(atPath: sparseTrace.path, contents: nil))
        try FileHandle(forWritingTo: sparseTrace).truncate(atOffset: 1 << 30)
        try refused(with(("- load: {workers: 1}", "- replay: {file: sparse.csv}")), "over the 256.0MiB limit")
    }

    func testMalformedTraceFieldsAreLocated() throws {
        let header = "op_time,key,key_size,op,op_count,size,cache_hits,ttl\n"
        for (row, message) in [("1,k,1,SET,1,999999999999,0,0", "line 2: size 999999999999 is outside 0...20971520"),
                               ("1,k,1,SET,x,10,0,0", "line 2: op_count 'x' is not a whole number"),
                               ("nan,k,1,SET,1,10,0,0", "line 2: op_time 'nan' is not a number"),
                               ("1,k,1,SET,1,10,0,-5", "line 2: ttl -5 is outside"),
                               ("1,\(String(repeating: "k", count: 300)),1,SET,1,10,0,0", "keys are limited to 250")] {
            try (header + row + "\n").write(to: scratch.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
            try refused(with(("- load: {workers: 1}", "- replay: {file: t.csv}")), message)
        }
        try refused(with(("- load: {workers: 1}", "- replay: {file: missing.csv}")), "missing.csv: line 1: no such file")
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("dir.csv"), withIntermediateDirectories: true)
        try refused(with(("- load: {workers: 1}", "- replay: {file: dir.csv}")), "dir.csv: line 1: is a directory")
    }

    /// A duplicate key is reported where it repeats, not where it first appeared.
    func testDuplicateKeyIsLocatedAtTheRepetition() throws {
        try refused(Self.base + "name: again\n", "case.yaml:8:1: duplicate key 'name' in a mapping (first at line 2)")
    }

    /// The largest values `validate` accepts run: a 250-byte key, the longest TTL, a 20 MiB trace
    /// value, a minute's sample interval — no repetition is killed.
    func testValuesAtTheLimitsRun() throws {
        try "op_time,key,key_size,op,op_count,size,cache_hits,ttl\n1,k,1,SET,1,20971520,0,2592000\n2,k,1,GET,1,0,0,0\n"
            .write(to: scratch.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        let text = with(("items: 1000,", "items: 1000, key: {pattern: \"\(String(repeating: "k", count: 246))%04d\"}, ttl: 2592000s,"))
            .replacingOccurrences(of: "- load: {workers: 1}", with: "- load: {workers: 1}\n  - replay: {file: big.csv}")
            + "metrics: {interval: 60s}\n"
        let file = try write(text, "edge.yaml")
        XCTAssertEqual(try kvbench(["validate", file]).status, 0)
        let outcome = try kvbench(["run", file, "--repetitions", "1", "--warmup", "0", "--results", scratch.appendingPathComponent("out").path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertFalse(outcome.stderr.contains("killed by signal"), outcome.stderr)
    }
}
