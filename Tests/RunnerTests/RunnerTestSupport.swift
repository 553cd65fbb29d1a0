import Foundation
import Locking
import Results
@testable import Runner
import TestSupport
import Workload

/// A launcher that runs nothing: it answers each request from a script (by repetition index) and
/// remembers every request, so planning, scheduling and resuming are tested in process.
final class ScriptedLauncher: RepetitionLauncher, @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [RepetitionRequest] = []
    let outcome: @Sendable (RepetitionRequest) -> RepetitionRecord.Status
    let onRun: @Sendable (RepetitionRequest) -> Void

    init(outcome: @escaping @Sendable (RepetitionRequest) -> RepetitionRecord.Status = { _ in .ok },
         onRun: @escaping @Sendable (RepetitionRequest) -> Void = { _ in }) {
        self.outcome = outcome
        self.onRun = onRun
    }

    var requests: [RepetitionRequest] {
        lock.lock()
        defer { lock.unlock() }
        return seen
    }

    func run(_ request: RepetitionRequest, onProgress: @escaping @Sendable (String) -> Void) -> RepetitionRecord {
        lock.lock()
        seen.append(request)
        lock.unlock()
        onRun(request)
        onProgress("phase 1/1 load")
        let status = outcome(request)
        return RepetitionRecord(index: request.index, warmup: request.warmup, status: status,
                                failure: status == .failed ? "scripted failure" : nil,
                                allocator: AllocatorRecord(kind: "jemalloc", path: "", version: nil),
                                metrics: status == .ok ? [Metrics.itemsExpelled.value(Double(request.index))] : [])
    }
}

/// Keeps what the runner publishes, in memory.
final class CollectingSink: ResultSink, @unchecked Sendable {
    private let lock = NSLock()
    private var published: [RunResult] = []
    private var indexes: [[RunResult]] = []

    var runs: [RunResult] {
        lock.lock()
        defer { lock.unlock() }
        return published
    }

    var indexCalls: Int {
        lock.lock()
        defer { lock.unlock() }
        return indexes.count
    }

    func publish(_ run: RunResult) throws -> URL {
        lock.lock()
        published.append(run)
        lock.unlock()
        return URL(fileURLWithPath: "/collected/\(run.workload.name)/report.html")
    }

    /// What `isWhole` answers: tests of `--resume`'s repair set it to false.
    var setsAreWhole = true

    func isWhole(_ run: RunResult) -> Bool { setsAreWhole }

    func publishIndex(adding runs: [RunResult]) throws -> URL {
        lock.lock()
        indexes.append(runs)
        lock.unlock()
        return URL(fileURLWithPath: "/collected/index.html")
    }
}

/// Collected progress lines.
final class ProgressLines: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""

    var progress: ProgressLog {
        ProgressLog(interactive: false) { line in
            self.lock.lock()
            self.text += line
            self.lock.unlock()
        }
    }

    var all: String {
        lock.lock()
        defer { lock.unlock() }
        return text
    }
}

enum RunnerFixtures {
    static let metadata = RunMetadata(commit: "0123456789abcdef0123456789abcdef01234567", dirty: false, branch: "main",
                                      timestamp: "2026-11-28T00:00:00Z",
                                      host: HostRecord(cpuModel: "cpu", cores: 2, memoryBytes: 1 << 30, kernel: "6.1", hostname: "h"),
                                      swiftVersion: "6.3", buildConfiguration: "debug",
                                      allocator: AllocatorRecord(kind: "jemalloc", path: "", version: nil), kvbenchVersion: "0.1.0")

    /// A workload file in `directory` named `name` with `count` repetitions and `warmup` warm-ups.
    static func workload(_ name: String, count: Int = 2, warmup: Int = 0, defaultSuite: Bool = true, in directory: URL) throws -> String {
        let text = """
        version: 1
        name: \(name)
        engine: {quota: 64MiB, vbuckets: 4, persistence: false}
        dataset: {items: 1000}
        phases:
          - load: {workers: 1}
        repetitions: {count: \(count), warmup: \(warmup)}
        default_suite: \(defaultSuite)
        """
        let file = directory.appendingPathComponent("\(name).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static func runner(_ options: SuiteOptions, launchers: [any RepetitionLauncher], sink: CollectingSink, progress: ProgressLog,
                       interrupted: @escaping @Sendable () -> Bool = { false }) -> SuiteRunner {
        SuiteRunner(options: options, sides: launchers.map {
            SuiteRunner.Side(launcher: $0, metadata: metadata, executable: "kvbench",
                             store: ResultStore(root: URL(fileURLWithPath: options.resultsRoot)), sink: sink)
        }, progress: progress, isInterrupted: interrupted)
    }
}
