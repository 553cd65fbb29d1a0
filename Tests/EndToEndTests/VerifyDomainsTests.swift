import Foundation
import Results
import TestSupport
import XCTest

/// Attribution over everything shipped: every workload of the default suite, YCSB, perf and
/// shapes runs (quick) in the arena verify mode, where each domain's counters must agree with an
/// arena of its own; and what kvbench's own threads hold is never negative.
final class VerifyDomainsTests: KVBenchTestCase {
    func testEveryShippedWorkloadPassesVerifyDomains() throws {
        let workloads = Self.packageRoot.appendingPathComponent("workloads")
        let suites = ["", "ycsb", "perf", "shapes"].map { workloads.appendingPathComponent($0).path }
        let results = scratch.appendingPathComponent("out")
        let outcome = try kvbench(["run"] + suites + ["--verify-domains", "--quick", "--results", results.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertFalse(outcome.stderr.contains("FAILED"), outcome.stderr)
        let set = try ResultSet.load(directory: results)
        XCTAssertGreaterThanOrEqual(set.runs.count, 19, "\(set.runs.keys.sorted())")
        for (name, run) in set.runs {
            XCTAssertEqual(run.repetitions.map(\.status), run.repetitions.map { _ in .ok }, name)
            for repetition in run.measured {
                if let own = repetition.metric(Metrics.kvbenchAllocated.name()) {
                    XCTAssertGreaterThanOrEqual(own.value, 0, "\(name): kvbench's own bytes")
                }
                let checked = repetition.metric(Metrics.verifyDifference.name("primary")) != nil
                if name == "perf-tracking-overhead" {
                    // Pausing tracking is what this workload measures; attribution cannot hold across it.
                    XCTAssertFalse(checked)
                    XCTAssertTrue(repetition.unavailable.contains { $0.hasPrefix("--verify-domains: not checked, phase") }, "\(repetition.unavailable)")
                    XCTAssertTrue(repetition.unavailable.contains { $0.contains("paused memory-domain tracking: per-domain figures") },
                                  "\(repetition.unavailable)")
                    XCTAssertNil(repetition.metric(Metrics.primaryAllocated.name()), "no shifted Primary figure after a pause")
                } else {
                    XCTAssertTrue(checked, "\(name): verify figures missing")
                }
                XCTAssertEqual(repetition.memUsedSource, "allocator", name)
                XCTAssertEqual(repetition.deterministicHashing, true, name)
            }
        }
    }
}
