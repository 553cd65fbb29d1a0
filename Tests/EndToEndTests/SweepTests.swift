import Foundation
import Results
import TestSupport
import XCTest

/// Sweeps through the command line: a matrix runs as one result set per point that `compare`
/// and `gate` take as workloads, the sweep page (with a base overlaid), `--set` recorded and
/// fingerprinted, selection, and time-boxed phases.
final class SweepTests: KVBenchTestCase {
    static let matrix = """
    version: 1
    name: tiny-sweep
    seed: 1
    tags: [sweep]
    matrix:
      value_size: [64B, 128B, 256B]
      expel: [true, false]
    engine:
      quota: 64MiB
      vbuckets: 4
      checkpoint:
        max_size: 64KiB
        expel: ${expel}
    dataset:
      items: 1000
      key: {pattern: "key:%08d"}
      value:
        size: ${value_size}
    phases:
      - cursor: {name: replica, register: 0}
      - load: {workers: 1}
      - mutate: {ops: 2000, workers: 1}
      - cursor: {name: replica, advance: 200}
      - snapshot: {label: before_expel}
      - expel: {}
      - snapshot: {label: after_expel}
    repetitions: {count: 1}
    """

    /// The commit directory of the one run under `results`.
    func commitDirectory(_ results: URL) throws -> URL {
        let name = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: results.path).first { !$0.hasPrefix(".") })
        return results.appendingPathComponent(name)
    }

    func testAThreeByTwoMatrixIsSixResultSetsComparedAndGatedAsWorkloads() throws {
        let file = try write(Self.matrix, "tiny-sweep.yaml")
        let a = scratch.appendingPathComponent("a"), b = scratch.appendingPathComponent("b")
        for results in [a, b] {
            let run = try kvbench(["run", file, "--results", results.path])
            XCTAssertEqual(run.status, 0, run.stderr)
        }
        let points = try FileManager.default.contentsOfDirectory(atPath: try commitDirectory(a).path).filter { $0.contains("@") && !$0.hasPrefix(".") }.sorted()
        XCTAssertEqual(points, ["tiny-sweep@value_size=128B+expel=false", "tiny-sweep@value_size=128B+expel=true",
                                "tiny-sweep@value_size=256B+expel=false", "tiny-sweep@value_size=256B+expel=true",
                                "tiny-sweep@value_size=64B+expel=false", "tiny-sweep@value_size=64B+expel=true"])
        let record = try ResultStore.load(try commitDirectory(a).appendingPathComponent(points[0]).appendingPathComponent("run.json"))
        XCTAssertEqual(record.workload.sweep, "tiny-sweep")
        XCTAssertEqual(record.workload.matrix, ["value_size=128B", "expel=false"])

        let json = try kvbench(["compare", a.path, b.path, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let comparisons = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["comparisons"] as? [[String: Any]])
        XCTAssertEqual(Set(comparisons.compactMap { $0["workload"] as? String }), Set(points))
        let gate = try kvbench(["gate", "--baseline", a.path, "--candidate", b.path])
        XCTAssertEqual(gate.status, 0, gate.stdout + gate.stderr)
        for point in points { XCTAssertTrue(gate.stdout.contains(point), "\(point) missing from the gate's report") }

        let page = try String(contentsOf: try commitDirectory(b).appendingPathComponent("tiny-sweep.sweep.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("checkpoint.memory.freed_by_expel and checkpoint.allocator.freed_by_expel"), "memory pair on one chart")
        XCTAssertTrue(page.contains(">value_size</text>") && page.contains(">bytes</text>"), "axis titles with the unit")
        XCTAssertFalse(page.contains("stroke-dasharray=\"6 4\""), "no base yet")
        let overlay = try kvbench(["sweep", b.path, "--base", a.path])
        XCTAssertEqual(overlay.status, 0, overlay.stderr)
        let overlaid = try String(contentsOf: try commitDirectory(b).appendingPathComponent("tiny-sweep.sweep.html"), encoding: .utf8)
        XCTAssertTrue(overlaid.contains("stroke-dasharray=\"6 4\"") && overlaid.contains("base checkpoint.memory.freed_by_expel"), "the base's curves, dashed")
    }

    func testValidateNamesThePointOfAnError() throws {
        let file = try write(Self.matrix.replacingOccurrences(of: "[64B, 128B, 256B]", with: "[64B, 30MiB]"), "bad-sweep.yaml")
        let validate = try kvbench(["validate", file])
        XCTAssertEqual(validate.status, 2)
        XCTAssertTrue(validate.stderr.contains("\(file):18:11: dataset.value.size: values are limited to 20MiB (memcached's item size limit) "
                                               + "(matrix point value_size=30MiB, expel=true)"), validate.stderr)
        XCTAssertTrue(validate.stderr.contains("(matrix point value_size=30MiB, expel=false)"), validate.stderr)
    }

    func testSelectionAndSetAreRecorded() throws {
        let file = try write(Self.matrix, "tiny-sweep.yaml")
        let other = try write(Self.tinyWorkload, "tiny.yaml")
        let results = scratch.appendingPathComponent("sel")
        let run = try kvbench(["run", file, other, "--tag", "sweep", "--filter", "value_size=64B", "--skip", "expel=false",
                               "--set", "engine.quota=96MiB", "--results", results.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(try commitDirectory(results).lastPathComponent.contains("+set-"), "--set results stay apart from the commit's own")
        let sets = try FileManager.default.contentsOfDirectory(atPath: try commitDirectory(results).path).filter { !$0.hasSuffix(".html") && !$0.hasPrefix(".") }
        XCTAssertEqual(sets, ["tiny-sweep@value_size=64B+expel=true"])
        let record = try ResultStore.load(try runFile(in: results))
        XCTAssertEqual(record.workload.overrides, ["engine.quota=96MiB"])
        XCTAssertTrue(Fingerprint(record).fields.contains { $0.name == "--set" && $0.value == "[\"engine.quota=96MiB\"]" && $0.blocking })
        let none = try kvbench(["run", file, "--filter", "nothing-matches", "--results", results.path])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("leave none of the 6 workload(s) to run"), none.stderr)
        let badSet = try kvbench(["run", file, "--set", "engine.quota", "--results", results.path])
        XCTAssertEqual(badSet.status, 2)
        XCTAssertTrue(badSet.stderr.contains("expected path=value"), badSet.stderr)
        let badRegex = try kvbench(["run", file, "--filter", "(", "--results", results.path])
        XCTAssertEqual(badRegex.status, 2, badRegex.stderr)
        let badTag = try kvbench(["run", file, "--tag", "Sweep!", "--results", results.path])
        XCTAssertEqual(badTag.status, 2)
        XCTAssertTrue(badTag.stderr.contains("--tag: tags are lower-case"), badTag.stderr)
        let missing = try kvbench(["list", scratch.appendingPathComponent("nowhere").path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nowhere: no such directory"), missing.stderr)
        let list = try kvbench(["list", scratch.path])
        XCTAssertTrue(list.stdout.contains("tiny-sweep (matrix: 6 points) [sweep]"), list.stdout)
    }

    func testATimeBoxedMutateRunsForItsDurationAndReportsItsOperations() throws {
        let file = try write("""
        version: 1
        name: timed
        engine: {quota: 64MiB, vbuckets: 4}
        dataset: {items: 1000, value: {size: 100B}}
        phases:
          - load: {workers: 1}
          - mutate: {mix: {set: 50, get: 50}, duration: 2s, workers: 2}
          - mutate: {duration: 1s, rate: 50M/s, workers: 1}
        metrics: {interval: 100ms}
        repetitions: {count: 1}
        """, "timed.yaml")
        let results = scratch.appendingPathComponent("timed")
        let run = try kvbench(["run", file, "--results", results.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        let phases = try String(contentsOf: try commitDirectory(results).appendingPathComponent("timed/phases.csv"), encoding: .utf8)
        let rows = phases.components(separatedBy: "\r\n").filter { $0.contains(",mutate,") }.map { $0.components(separatedBy: ",") }
        XCTAssertEqual(rows.count, 2)
        let seconds = try XCTUnwrap(Double(rows[0][5])), ops = try XCTUnwrap(Int(rows[0][6]))
        XCTAssertEqual(seconds, 2, accuracy: 0.1, "2 s ± one sampling interval")
        XCTAssertEqual(try XCTUnwrap(Double(rows[1][5])), 1, accuracy: 0.1, "a rate it cannot reach does not stretch the phase")
        XCTAssertGreaterThan(ops, 0)
        XCTAssertEqual(median(try summary(in: results, workload: "timed"), "phase.1.mutate.ops"), Double(ops))
    }
}
