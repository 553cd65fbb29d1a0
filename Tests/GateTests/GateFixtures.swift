import Foundation
import Gate
import Results

/// Result sets built in memory: a workload's metric values per measured repetition, and the
/// ways a run can be incomplete or different.
enum GateFixtures {
    static let primary = Metrics.primaryAllocated.name([])
    static let throughput = Metrics.operationThroughput.name(["set"])
    static let freed = Metrics.engineFreedByExpel.name([])
    static let duration = Metrics.phaseDuration.name(["0", "load"])

    struct Run {
        var name = "w"
        var metrics: [String: [Double]]
        var failed = 0
        var interrupted = false
        var planned: Int?
        var thresholds: [String: Threshold]?
        var gate: GateSelection?
        var text = "version: 1"
        var allocator = "jemalloc"
        var quick = false
    }

    static func result(_ run: Run) -> RunResult {
        let allocator = AllocatorRecord(kind: run.allocator, path: "", version: nil)
        let metadata = RunMetadata(commit: "0123456789abcdef0123", dirty: false, branch: "main", timestamp: "2026-11-28T00:00:00Z",
                                   host: HostRecord(cpuModel: "cpu", cores: 2, memoryBytes: 1 << 30, kernel: "6.1", hostname: "h"),
                                   swiftVersion: "6.3", buildConfiguration: "release", allocator: allocator, kvbenchVersion: "0.1.0")
        let count = run.metrics.values.map(\.count).max() ?? 0
        var repetitions = (0..<count).map { index in
            RepetitionRecord(index: index, warmup: false, status: .ok, allocator: allocator, metrics: run.metrics.sorted { $0.key < $1.key }
                .compactMap { name, values in
                    guard index < values.count else { return nil }
                    let definition = MetricCatalog.definition(of: name)
                    return MetricValue(name: name, unit: definition?.unit.rawValue ?? "", direction: definition?.direction ?? .neither,
                                       value: values[index])
                })
        }
        for index in 0..<run.failed {
            repetitions.append(RepetitionRecord(index: count + index, warmup: false, status: .failed, failure: "killed by signal 9",
                                                allocator: allocator))
        }
        var result = RunResult(metadata: metadata, workload: WorkloadRecord(name: run.name, file: "\(run.name).yaml",
                                                                             sha256: SHA256.hex(Array(run.text.utf8)), text: run.text),
                               command: [], repetitions: repetitions, thresholds: run.thresholds)
        result.options = RunOptions(repetitions: run.planned ?? count + run.failed, warmup: 0, quick: run.quick, verifyDomains: false,
                                    profile: nil)
        result.gate = run.gate
        if run.interrupted { result.interrupted = true }
        return result
    }

    static func set(_ label: String, _ runs: Run...) -> ResultSet {
        ResultSet(label: label, runs: Dictionary(uniqueKeysWithValues: runs.map { ($0.name, result($0)) }))
    }

    static func compare(_ base: Run, _ candidate: Run, thresholds: [String: Threshold] = [:]) -> ComparisonReport {
        var report = Comparator.compare(base: set("base", base), candidate: set("candidate", candidate), thresholds: thresholds)
        report.verdict = GateVerdict.decide(report, strict: false)
        return report
    }

    /// `count` values around `center`, spread ±1%, in a fixed order.
    static func noisy(_ center: Double, count: Int, seed: Int = 0) -> [Double] {
        (0..<count).map { center * (1 + 0.01 * sin(Double($0 * 7 + seed * 3 + 1))) }
    }
}
