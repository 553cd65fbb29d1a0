import Foundation
import Results
import TestSupport
import XCTest

/// `kvbench export` in every format, read back by the format's strict reader; `kvbench plan`'s
/// matrix from the index's durations; `kvbench index`; and their usage errors.
final class ExportPlanTests: KVBenchTestCase {
    func testEveryExportFormatReadsBack() throws {
        let file = try write(Self.tinyWorkload.replacingOccurrences(of: "count: 1", with: "count: 3"), "a.yaml")
        let results = scratch.appendingPathComponent("out")
        XCTAssertEqual(try kvbench(["run", file, "--results", results.path]).status, 0)
        let commit = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: results.path).first { !$0.hasPrefix(".") })
        let set = results.appendingPathComponent(commit).path
        let rows = try summary(in: results, workload: "tiny-expel")
        func export(_ arguments: String...) throws -> String {
            let outcome = try kvbench(["export", set] + arguments)
            XCTAssertEqual(outcome.status, 0, "\(arguments): \(outcome.stderr)")
            return outcome.stdout
        }
        let bencher = try JSONFormatReaders.bencher(try export("--format", "bmf"))
        XCTAssertEqual(bencher.count, rows.count)
        let memory = try XCTUnwrap(bencher["tiny-expel/checkpoint.memory.before_expel"]?["bytes"])
        XCTAssertEqual(memory.value, median(rows, "checkpoint.memory.before_expel"))
        let bigger = try JSONFormatReaders.githubActionBenchmark(try export("--format", "gab", "--direction", "bigger"))
        let smaller = try JSONFormatReaders.githubActionBenchmark(try export("--format", "gab", "--direction", "smaller"))
        XCTAssertEqual(bigger.count, rows.values.filter { $0[3] == "higher" }.count)
        XCTAssertEqual(smaller.count, rows.values.filter { $0[3] == "lower" }.count)
        let points = try InfluxLineReader.read(try export("--format", "influx"))
        XCTAssertEqual(points.count, rows.count)
        XCTAssertTrue(points.allSatisfy { $0.tags["workload"] == "tiny-expel" && $0.fields["repetitions"] == .integer(3) })
        let families = try OpenMetricsReader.read(try export("--format", "openmetrics"))
        XCTAssertEqual(families.flatMap(\.samples).count, rows.count * 7)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try export("--format", "json").utf8)) as? [String: Any])
        XCTAssertEqual((json["results"] as? [Any])?.count, rows.count)
        let written = scratch.appendingPathComponent("bmf.json")
        XCTAssertEqual(try kvbench(["export", set, "--format", "bmf", "--output", written.path]).status, 0)
        XCTAssertEqual(try JSONFormatReaders.bencher(String(contentsOf: written, encoding: .utf8)).count, rows.count)

        for arguments in [["--format", "gab"], ["--format", "xml"], ["--format", "bmf", "--direction", "bigger"], ["--format", "gab", "--direction", "up"]] {
            XCTAssertEqual(try kvbench(["export", set] + arguments).status, 2, "\(arguments)")
        }
        XCTAssertEqual(try kvbench(["export", set, set, "--format", "bmf"]).status, 2, "bmf describes one run")
        XCTAssertEqual(try kvbench(["export", scratch.appendingPathComponent("none").path, "--format", "json"]).status, 2)
    }

    func testPlanSpreadsByPastDurationsAndLeavesCompleteResultsOut() throws {
        let repository = scratch.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
        for name in ["a", "b", "c"] {
            try Self.tinyWorkload.replacingOccurrences(of: "name: tiny-expel", with: "name: w-\(name)")
                .write(to: repository.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        for arguments in [["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one"]] {
            XCTAssertEqual(try run("/usr/bin/env", ["git"] + arguments, in: repository).status, 0)
        }
        let results = scratch.appendingPathComponent("results").path
        XCTAssertEqual(try kvbench(["run", "a.yaml", "--results", results], in: repository).status, 0)
        let rebuilt = try kvbench(["index", "rebuild", "--results", results])
        XCTAssertEqual(rebuilt.status, 0, rebuilt.stderr)
        XCTAssertTrue(rebuilt.stdout.hasPrefix("indexed 1 result set(s)"), rebuilt.stdout)

        let plan = try kvbench(["plan", ".", "--jobs", "2", "--results", results], in: repository)
        XCTAssertEqual(plan.status, 0, plan.stderr)
        XCTAssertTrue(plan.stderr.contains("1 already complete, left out") && plan.stderr.contains("no past duration for w-b, w-c"), plan.stderr)
        let matrix = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: [[String: Any]]])
        let jobs = try XCTUnwrap(matrix["include"])
        XCTAssertEqual(jobs.count, 2)
        XCTAssertEqual(Set(jobs.flatMap { ($0["workloads"] as? String ?? "").split(separator: " ").map(String.init) }), ["./b.yaml", "./c.yaml"])
        let head = try run("/usr/bin/env", ["git", "rev-parse", "HEAD"], in: repository).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(jobs.allSatisfy { $0["commits"] as? String == head })

        let all = try kvbench(["plan", ".", "--jobs", "1", "--all", "--results", results], in: repository)
        XCTAssertEqual(all.status, 0, all.stderr)
        XCTAssertTrue(all.stdout.contains("./a.yaml"), all.stdout)
        XCTAssertEqual(try kvbench(["plan", ".", "--jobs", "257"], in: repository).status, 2, "beyond GitHub's 256 jobs")
        XCTAssertEqual(try kvbench(["plan", ".", "--commits", "no-such-revision"], in: repository).status, 2)
    }
}
