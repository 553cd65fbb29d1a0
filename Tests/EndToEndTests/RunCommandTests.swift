import Foundation
import Results
import TestSupport
import XCTest

/// `kvbench run`: what a run writes, with every metric from the catalog.
final class RunCommandTests: KVBenchTestCase {
    func testRunWritesResultsWithBothExpelFigures() throws {
        let file = try write(Self.tinyWorkload, "tiny.yaml")
        let results = scratch.appendingPathComponent("out")
        let outcome = try kvbench(["run", file, "--repetitions", "2", "--results", results.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("repetition 2/2 done"), outcome.stderr)
        let rows = try summary(in: results, workload: "tiny-expel")
        func median(_ metric: String) throws -> Double { try XCTUnwrap(self.median(rows, metric), "\(metric) missing") }
        XCTAssertEqual(rows["checkpoint.memory.before_expel"]?[4], "2", "repetitions column")
        XCTAssertGreaterThan(try median("checkpoint.memory.before_expel"), try median("checkpoint.memory.after_expel"))
        XCTAssertGreaterThan(try median("checkpoint.items_expelled"), 0)
        XCTAssertGreaterThan(try median("checkpoint.memory.freed_by_expel"), 0)
        XCTAssertGreaterThan(try median("checkpoint.allocator.freed_by_expel"), 0)
        XCTAssertGreaterThan(try median("mem.primary.allocated"), 0)
        XCTAssertGreaterThan(try median("ops.set.throughput"), 0)
        XCTAssertEqual(rows["checkpoint.memory.freed_by_expel"]?[2], "bytes")
        XCTAssertEqual(rows["checkpoint.memory.freed_by_expel"]?[3], "none", "neither direction is better")

        let runFile = try runFile(in: results)
        let run = try ResultStore.load(runFile)
        XCTAssertEqual(run.repetitions.count, 2)
        XCTAssertEqual(run.metadata.allocator.kind, "jemalloc")
        XCTAssertTrue(run.repetitions.allSatisfy { $0.timeseries.count >= 1 && $0.allocator.kind == "jemalloc" })
        XCTAssertEqual(run.workload.text, Self.tinyWorkload)
        let html = try String(contentsOf: runFile.deletingLastPathComponent().appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("before_expel") && html.contains("after_expel") && html.contains("<svg"))
        XCTAssertTrue(html.contains("<h2>Latency</h2>"))
        let latency = try String(contentsOf: runFile.deletingLastPathComponent().appendingPathComponent("latency.csv"), encoding: .utf8)
        XCTAssertTrue(latency.hasPrefix("repetition,phase,operation,count,p50_us,p90_us,p99_us,p99.9_us,max_us\r\n"), latency)
        XCTAssertTrue(latency.contains(",2:mutate,get,"), latency)
        XCTAssertGreaterThan(try median("ops.get.latency.p99"), 0)
        let index = try String(contentsOf: runFile.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("index.html"),
                               encoding: .utf8)
        XCTAssertTrue(index.contains("href=\"./tiny-expel/report.html\""), index)
    }

    /// Every metric and every time series a run records is one the catalog defines, with the
    /// catalog's unit and direction: the catalog is the single definition.
    /// `checkpoint: {expel: false}` (chk_expel_enabled) turns expel off everywhere: the expel
    /// phase and checkpoint-memory recovery (driven here by a 2 MiB checkpoint quota) expel
    /// nothing, and recovery's other strategies report what they did.
    func testExpelOffExpelsNothing() throws {
        let text = Self.tinyWorkload.replacingOccurrences(of: "checkpoint: {max_size: 64KiB}",
                                                          with: "checkpoint: {max_size: 64KiB, expel: false, memory_ratio: 0.03}")
        let results = scratch.appendingPathComponent("out")
        let outcome = try kvbench(["run", try write(text, "off.yaml"), "--results", results.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let rows = try summary(in: results, workload: "tiny-expel")
        XCTAssertEqual(median(rows, "checkpoint.items_expelled"), 0)
        XCTAssertEqual(median(rows, "checkpoint.recovery.items_expelled"), 0)
        XCTAssertEqual(median(rows, "checkpoint.recovery.item_expel.engine_freed"), 0)
        for metric in ["checkpoint.recovery.checkpoints_removed", "checkpoint.recovery.cursors_dropped",
                       "checkpoint.recovery.cursor_drop.engine_freed"] {
            XCTAssertNotNil(median(rows, metric), metric)
        }
    }

    func testEveryRecordedMetricIsInTheCatalog() throws {
        let text = Self.tinyWorkload.replacingOccurrences(of: "  - expel: {}\n", with: """
              - expel: {}
              - parallel:
                - [{mutate: {mix: {set: 50, get: 50}, ops: 1000}}]
                - [{sleep: 10ms}]
            """ + "\n")
        let file = try write(text, "tiny.yaml")
        let results = scratch.appendingPathComponent("out")
        let outcome = try kvbench(["run", file, "--results", results.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let run = try ResultStore.load(try runFile(in: results))
        let repetition = try XCTUnwrap(run.measured.first)
        XCTAssertTrue(repetition.metrics.contains { $0.name == "phase.6.0.0.mutate.duration" }, "a parallel branch's phase path")
        for metric in repetition.metrics {
            let definition = try XCTUnwrap(MetricCatalog.definition(of: metric.name), "\(metric.name) is not in the catalog")
            XCTAssertEqual(metric.unit, definition.unit.rawValue, metric.name)
            XCTAssertEqual(metric.direction, definition.direction, metric.name)
            XCTAssertTrue(definition.recording.inSummary, metric.name)
        }
        for series in repetition.timeseries.metrics {
            let definition = try XCTUnwrap(MetricCatalog.definition(of: series), "series \(series) is not in the catalog")
            XCTAssertTrue(definition.recording.inSeries, series)
        }
    }

    /// The shipped quota-down workload (quick): every persistence and quota metric is reported
    /// and the decrease takes measurable time to converge.
    func testQuotaDownWorkloadReportsEveryQuotaMetric() throws {
        let workload = Self.packageRoot.appendingPathComponent("workloads/quota-down-high-memory.yaml").path
        let results = scratch.appendingPathComponent("out")
        let outcome = try kvbench(["run", workload, "--quick", "--results", results.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let rows = try summary(in: results, workload: "quota-down-high-memory")
        for metric in ["mem.secondary.allocated", "mem.secondary.sqlite_reported", "persistence.items_per_sec", "evictions.values",
                       "evictions.items", "bgfetch.count", "quota.change.converge_seconds", "quota.change.tmp_oom_errors",
                       "quota.change.oom_errors", "quota.change.mem_used.peak", "checkpoint.recovery.items_expelled",
                       "checkpoint.recovery.cursors_dropped"] {
            XCTAssertNotNil(rows[metric], "\(metric) missing from summary.csv")
        }
        XCTAssertGreaterThan(median(rows, "quota.change.converge_seconds") ?? 0, 0)
        XCTAssertGreaterThan(median(rows, "evictions.values") ?? 0, 0)
    }

    /// The performance suite: `kvbench run workloads/perf` writes every figure with its in-process
    /// baseline and their ratio into summary.csv, and the default suite (the directory `make run`
    /// runs, not recursive) does not include it. Quick mode on a debug build: the values mean
    /// nothing here, only that each is measured.
    func testPerfSuiteReportsEveryFigureWithItsBaselineAndRatio() throws {
        let results = scratch.appendingPathComponent("results")
        let outcome = try kvbench(["run", Self.packageRoot.appendingPathComponent("workloads/perf").path, "--quick", "--results", results.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let expected = [
            "perf-frontend-ops": ["mutate.set.throughput", "baseline.set.throughput", "ops.set.baseline_ratio",
                                  "mutate.get.throughput", "baseline.get.throughput", "ops.get.baseline_ratio"],
            "perf-checkpoint-cost": ["checkpoint.allocator.bytes_per_item", "checkpoint.allocator.budget_ratio",
                                     "checkpoint.engine.bytes_per_item", "checkpoint.engine_estimate_ratio",
                                     "checkpoint.expel.items_per_sec", "baseline.expel.items_per_sec", "checkpoint.expel.baseline_ratio"],
            "perf-backfill@num_auxio_threads=1": ["backfill.bytes_per_sec", "backfill.raw_scan.bytes_per_sec", "backfill.raw_scan.ratio"],
            "perf-backfill@num_auxio_threads=4": ["backfill.bytes_per_sec", "backfill.raw_scan.bytes_per_sec", "backfill.raw_scan.ratio"],
            "perf-tracking-overhead": ["tracking.on.throughput", "tracking.off.throughput", "tracking.throughput_ratio", "tracking.switch.ns"],
            "perf-kvbench-self": ["kvbench.startup.seconds", "kvbench.validate.seconds", "kvbench.validate.budget_ratio",
                                  "kvbench.compare.seconds", "kvbench.compare.budget_ratio", "kvbench.report.seconds",
                                  "kvbench.report.budget_ratio", "mem.kvbench.allocated", "mem.kvbench.primary_ratio",
                                  "kvbench.index_read.seconds", "kvbench.history.seconds", "kvbench.history.budget_ratio",
                                  "kvbench.history.index_ratio", "kvbench.dashboard.seconds", "kvbench.dashboard.budget_ratio",
                                  "kvbench.dashboard.index_ratio"],
        ]
        for (workload, metrics) in expected {
            let rows = try summary(in: results, workload: workload)
            for metric in metrics {
                let value = median(rows, metric)
                XCTAssertNotNil(value, "\(workload): \(metric) missing from summary.csv")
                if metric != "mem.kvbench.allocated" { XCTAssertGreaterThan(value ?? 0, 0, "\(workload): \(metric)") }
            }
        }

        let discovered = try kvbench(["validate", Self.packageRoot.appendingPathComponent("workloads").path])
        XCTAssertEqual(discovered.status, 0, discovered.stderr)
        XCTAssertFalse(discovered.stdout.contains("perf"), "the default suite must not include workloads/perf: \(discovered.stdout)")
    }

    /// Replaying the CacheLib samples honours op_count and leaves exactly the keys whose last
    /// trace write was a set (counted here from the CSV itself).
    func testTraceReplayHonoursTheTrace() throws {
        let workload = Self.packageRoot.appendingPathComponent("workloads/trace-cachelib.yaml").path
        let results = scratch.appendingPathComponent("out")
        let outcome = try kvbench(["run", workload, "--repetitions", "1", "--results", results.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let rows = try summary(in: results, workload: "trace-cachelib")
        for (phase, file) in ["0": "kv_traces_1.csv", "1": "kv_traces_2.csv"] {
            let text = try String(contentsOf: Self.packageRoot.appendingPathComponent("workloads/traces/cachelib/\(file)"), encoding: .utf8)
            let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let header = lines[0]
            let op = header.firstIndex(of: "op")!, count = header.firstIndex(of: "op_count")!, key = header.firstIndex(of: "key")!
            var totals: [String: Int] = [:]
            var live: [String: Bool] = [:]
            for row in lines.dropFirst() {
                let kind = row[op].lowercased().replacingOccurrences(of: "_lease", with: "")
                totals[kind, default: 0] += Int(row[count])!
                if kind == "set" { live[row[key]] = true }
                if kind == "delete" { live[row[key]] = false }
            }
            for kind in ["get", "set", "delete"] {
                XCTAssertEqual(rows["phase.\(phase).replay.ops.\(kind)"]?[5], String(totals[kind] ?? 0), "\(file) \(kind)")
            }
            XCTAssertEqual(rows["phase.\(phase).replay.keys.live"]?[5], String(live.values.filter { $0 }.count), file)
        }
    }

    /// Open model at a rate the engine cannot sustain: every operation is due at once, so each
    /// one's latency, measured from when it was due, is the time the backlog before it took — the
    /// median about half the phase, whatever the machine's speed. At a modest rate the median
    /// is a small share of the phase. Both are ratios within one run, not wall-clock limits.
    func testOpenModelCountsTheBacklog() throws {
        func run(rate: String, into directory: String) throws -> (p50: Double, p99: Double, phase: Double, stderr: String) {
            let text = Self.tinyWorkload.replacingOccurrences(of: "ops: 4000, workers: 2}", with: "ops: 20000, workers: 1, rate: \(rate)}")
            let file = try write(text, "open-\(directory).yaml")
            let results = scratch.appendingPathComponent(directory)
            let outcome = try kvbench(["run", file, "--results", results.path])
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            let rows = try summary(in: results, workload: "tiny-expel")
            XCTAssertNotNil(rows["phase.2.mutate.target_rate"])
            return (try XCTUnwrap(median(rows, "ops.set.latency.p50")), try XCTUnwrap(median(rows, "ops.set.latency.p99")),
                    try XCTUnwrap(median(rows, "phase.2.mutate.duration")) * 1e6, outcome.stderr)
        }
        let overloaded = try run(rate: "100M/s", into: "fast")
        XCTAssertTrue(overloaded.stderr.contains("target rate 100000000/s was not reached"), overloaded.stderr)
        XCTAssertGreaterThan(overloaded.p50, 0.25 * overloaded.phase, "half the operations wait behind the backlog")
        XCTAssertGreaterThan(overloaded.p99, 0.8 * overloaded.phase, "the last ones waited for nearly the whole phase")
        let easy = try run(rate: "20k/s", into: "easy")
        XCTAssertLessThan(easy.p50, 0.25 * easy.phase, "without a backlog an operation waits for no other")
    }
}
