import Foundation
import Results
import TestSupport
import XCTest

/// `kvbench run --allocator`, `--verify-domains` and `--profile`: what each allocator can report.
final class AllocatorModeTests: KVBenchTestCase {
    func testWithoutJemallocTheRunSaysSoAndReportsNoJemallocFigures() throws {
        let file = try write(Self.tinyWorkload, "tiny.yaml")
        let results = scratch.appendingPathComponent("out")
        let outcome = try kvbench(["run", file, "--repetitions", "1", "--allocator", "system", "--results", results.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("jemalloc is not active"), outcome.stderr)
        let rows = try summary(in: results, workload: "tiny-expel")
        XCTAssertNotNil(rows["checkpoint.memory.freed_by_expel"], "the engine's own figure is still reported")
        for metric in ["checkpoint.allocator.freed_by_expel", "mem.primary.allocated", "mem.secondary.allocated", "mem.process.resident"] {
            XCTAssertNil(rows[metric], "\(metric) must not be reported without per-domain counters or jemalloc")
        }
        XCTAssertNotNil(rows["mem.process.allocated"], "glibc's mallinfo2 totals are reported")
        XCTAssertNotNil(rows["mem.process.arena"])
    }

    /// Under tcmalloc the per-domain figures come from malloc hooks; results go to <commit>+tcmalloc.
    func testTcmallocRunsReportDomainFigures() throws {
        let file = try write(Self.tinyWorkload, "tiny.yaml")
        let results = scratch.appendingPathComponent("out")
        let outcome = try kvbench(["run", file, "--allocator", "tcmalloc", "--results", results.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(try FileManager.default.contentsOfDirectory(atPath: results.path).contains { $0.hasSuffix("+tcmalloc") })
        let rows = try summary(in: results, workload: "tiny-expel")
        for metric in ["mem.primary.allocated", "mem.secondary.allocated", "checkpoint.allocator.freed_by_expel", "mem.process.allocated"] {
            XCTAssertGreaterThan(median(rows, metric) ?? 0, 0, metric)
        }
    }

    /// Arena verify mode: counters and per-domain arenas agree within the documented tolerance.
    func testVerifyModeAgreesWithArenas() throws {
        let file = try write(Self.tinyWorkload, "tiny.yaml")
        let results = scratch.appendingPathComponent("out")
        let outcome = try kvbench(["run", file, "--verify-domains", "--results", results.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let rows = try summary(in: results, workload: "tiny-expel")
        for domain in ["primary", "secondary"] {
            let counter = try XCTUnwrap(median(rows, "verify.\(domain).counter"))
            let arena = try XCTUnwrap(median(rows, "verify.\(domain).arena"))
            XCTAssertGreaterThan(arena, 0)
            XCTAssertLessThanOrEqual(abs(counter - arena), max(65536, arena * 0.01), domain)
        }
    }

    /// `--profile cpu`: a gperftools profile per phase next to the results, with google-pprof's
    /// top functions in the run and a link in the report; the profile's call graph names engine
    /// functions (which of them make the flat top depends on the machine, so that is not asserted).
    func testCPUProfilesNameEngineFunctions() throws {
        let text = Self.tinyWorkload.replacingOccurrences(of: "ops: 4000", with: "ops: 200000")
        let file = try write(text, "tiny.yaml")
        let results = scratch.appendingPathComponent("out")
        let outcome = try kvbench(["run", file, "--profile", "cpu", "--results", results.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let runFile = try runFile(in: results)
        let run = try ResultStore.load(runFile)
        let profiles = try XCTUnwrap(run.repetitions.first?.profiles)
        let mutate = try XCTUnwrap(profiles.first { $0.phase == "2-mutate" })
        XCTAssertTrue(FileManager.default.fileExists(atPath: runFile.deletingLastPathComponent().appendingPathComponent(mutate.file).path))
        XCTAssertTrue(mutate.top.first?.hasPrefix("Total:") ?? false, "\(mutate.top)")
        let graph = try self.run("/usr/bin/google-pprof", ["--text", "--cum", try kvbenchExecutable().path,
                                                      runFile.deletingLastPathComponent().appendingPathComponent(mutate.file).path])
        XCTAssertTrue(graph.stdout.contains("6Engine6BucketC3set"), "Bucket.set is not in the mutate phase's profile:\n\(graph.stdout.prefix(3000))")
        let html = try String(contentsOf: runFile.deletingLastPathComponent().appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("CPU profiles") && html.contains(mutate.file))
    }
}
