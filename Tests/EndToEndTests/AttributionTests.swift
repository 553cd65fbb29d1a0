import Foundation
import Results
import TestSupport
import XCTest

/// Every byte the engine keeps is charged to the engine: with any key length, in identical
/// repetitions, and under every allocator the engine's memory policy is the same.
final class AttributionTests: KVBenchTestCase {
    /// One worker and the fixed hash seed: identical repetitions give identical Primary and
    /// checkpoint bytes (coefficient of variation exactly 0), so a 1% change is visible at 3.
    /// Without a store: in this debug build a flusher racing the front end moved 64 B in and out
    /// of Primary in about one repetition in six (release builds: 0 in 22, nor checkpoint-expel's
    /// in 10), which a test that must not flake cannot allow.
    func testIdenticalRepetitionsGiveIdenticalBytes() throws {
        let text = Self.tinyWorkload.replacingOccurrences(of: "workers: 2", with: "workers: 1")
            .replacingOccurrences(of: "count: 1", with: "count: 3")
            .replacingOccurrences(of: "checkpoint: {max_size: 64KiB}", with: "checkpoint: {max_size: 64KiB}, persistence: false")
        let results = scratch.appendingPathComponent("out")
        let outcome = try kvbench(["run", try write(text, "tiny.yaml"), "--results", results.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let rows = try summary(in: results, workload: "tiny-expel")
        for metric in ["mem.primary.allocated", "mem.primary.allocated.before_expel", "checkpoint.memory.before_expel",
                       "checkpoint.memory.after_expel", "checkpoint.memory.freed_by_expel", "checkpoint.allocator.freed_by_expel"] {
            XCTAssertEqual(rows[metric]?[10], "0", "\(metric): cv \(rows[metric]?[10] ?? "missing") over \(rows[metric]?[4] ?? "?")")
        }
    }

    /// Keys of 8, 40 and 200 bytes with 1 KiB values: per expelled item the engine's estimate is
    /// within 10% of what the allocator saw freed, and the allocator's figure grows with the key
    /// (each queued item holds a key of its own, allocated by the engine).
    func testTheEstimateFollowsTheAllocatorForEveryKeyLength() throws {
        var perItem: [Int: Double] = [:]
        for (length, pattern) in [(8, "k%07d"), (40, "key-%036d"), (200, "k%0199d")] {
            let text = """
            version: 1
            name: key-\(length)
            engine: {quota: 1GiB, vbuckets: 16, persistence: false, checkpoint: {max_size: 256MiB}}
            dataset: {items: 5000, key: {pattern: "\(pattern)"}, value: {size: 1KiB}}
            phases:
              - cursor: {name: replica, register: 0}
              - load: {workers: 1}
              - mutate: {mix: {set: 100}, ops: 5000, workers: 1}
              - cursor: {name: replica, advance: end}
              - expel: {}
            repetitions: {count: 1}
            """
            let results = scratch.appendingPathComponent("k\(length)")
            let outcome = try kvbench(["run", try write(text, "k\(length).yaml"), "--results", results.path])
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            let rows = try summary(in: results, workload: "key-\(length)")
            XCTAssertEqual(median(rows, "checkpoint.expel.key_bytes_per_item"), Double(length))
            let ratio = try XCTUnwrap(median(rows, "checkpoint.engine_estimate_ratio"))
            XCTAssertTrue((0.9...1.1).contains(ratio), "\(length)-byte keys: estimate ÷ allocator \(ratio)")
            perItem[length] = try XCTUnwrap(median(rows, "checkpoint.allocator.bytes_per_item"))
        }
        XCTAssertLessThan(perItem[8]!, perItem[40]!)
        XCTAssertLessThan(perItem[40]!, perItem[200]!)
    }

    /// Under tcmalloc `mem_used` comes from its per-domain counters, as under jemalloc, so a quota
    /// decrease under pressure evicts about as much (within ±50%); each run says where it came from.
    func testTcmallocKeepsTheEnginesMemoryPolicy() throws {
        let workload = Self.packageRoot.appendingPathComponent("workloads/quota-down-high-memory.yaml").path
        var evicted: [String: Double] = [:]
        for allocator in ["jemalloc", "tcmalloc"] {
            let results = scratch.appendingPathComponent(allocator)
            let outcome = try kvbench(["run", workload, "--quick", "--repetitions", "2", "--allocator", allocator, "--results", results.path])
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            evicted[allocator] = median(try summary(in: results, workload: "quota-down-high-memory"), "evictions.values")
            let run = try ResultStore.load(try runFile(in: results))
            XCTAssertEqual(Set(run.measured.compactMap(\.memUsedSource)), ["allocator"], allocator)
        }
        let jemalloc = try XCTUnwrap(evicted["jemalloc"]), tcmalloc = try XCTUnwrap(evicted["tcmalloc"])
        XCTAssertGreaterThan(jemalloc, 0)
        XCTAssertTrue((0.5 * jemalloc...1.5 * jemalloc).contains(tcmalloc), "evicted \(tcmalloc) under tcmalloc, \(jemalloc) under jemalloc")
    }
}
