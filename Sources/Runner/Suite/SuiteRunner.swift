import CThreads
import Foundation
import MemoryTracking
import Reports
import Results
import Workload

/// What `kvbench run` was asked to do.
public struct SuiteOptions: Sendable {
    public var paths: [String]
    public var repetitions: Int?
    public var warmup: Int?
    public var resultsRoot: String
    public var quick: Bool
    public var allocator: AllocatorChoice
    /// Arena verify mode: each repetition cross-checks the domain counters against per-domain arenas.
    public var verifyDomains = false
    /// Seconds a repetition may take before it is killed and recorded as failed.
    public var timeout: Double?
    /// Resident bytes a repetition may reach before it is killed and recorded as failed.
    public var memoryLimit: Int?
    /// Complete an interrupted result set: keep its finished repetitions and run only the rest;
    /// workloads already complete are skipped.
    public var resume = false
    /// `--profile cpu|heap`: a gperftools profile per phase, kept with the results (heap needs tcmalloc).
    public var profile: String?
    /// Run only shard `index` of `count` (1-based): every count-th workload, for splitting a suite over machines.
    public var shard: (index: Int, count: Int)?
    /// Builds to run, repetition by repetition in turn (A B A B …, cancelling machine drift);
    /// nil = this executable in this checkout.
    public var sides: [SuiteSide]?
    /// argv as typed, stored in results so the report can show how to reproduce the run.
    public var command: [String]

    public init(paths: [String], repetitions: Int?, warmup: Int?, resultsRoot: String, quick: Bool,
                allocator: AllocatorChoice = .jemalloc, command: [String]) {
        self.allocator = allocator
        self.paths = paths
        self.repetitions = repetitions
        self.warmup = warmup
        self.resultsRoot = resultsRoot
        self.quick = quick
        self.command = command
    }
}

/// One build taking part in a run: its kvbench and the checkout it was built from.
public struct SuiteSide: Sendable {
    public var executable: String
    public var directory: String?

    public init(executable: String, directory: String?) {
        self.executable = executable
        self.directory = directory
    }
}

/// Exit codes shared by every command (DESIGN.md §8).
public enum ExitCode {
    public static let success: Int32 = 0
    public static let usage: Int32 = 2
    public static let runFailure: Int32 = 3
    /// 128 + SIGINT, as shells report an interrupted command.
    public static let interrupted: Int32 = 130
}

/// The parent side of `kvbench run`: validates every workload first, then runs each repetition
/// in a fresh child process, aggregates, and writes `run.json` and the reports atomically.
/// Call from the main thread.
public enum SuiteRunner {
    public static func run(_ options: SuiteOptions, progress: Progress = Progress()) -> Int32 {
        kvb_install_interrupt_handlers()
        let files: [String]
        do throws(WorkloadError) {
            files = try WorkloadDiscovery.files(in: options.paths)
        } catch {
            progress.line("\(error)")
            return ExitCode.usage
        }
        let (loaded, errors) = WorkloadDiscovery.load(files)
        guard errors.isEmpty else {
            errors.forEach { progress.line("\($0)") }
            return ExitCode.usage
        }
        let (all, skipped) = WorkloadDiscovery.selectForRun(loaded, paths: options.paths)
        for workload in skipped {
            progress.line("skipping \(workload.name) (default_suite: false); run it by naming \(workload.sourcePath)")
        }
        let workloads = options.shard.map { shard in all.enumerated().filter { $0.offset % shard.count == shard.index - 1 }.map(\.element) } ?? all
        guard let executable = currentExecutable() else {
            progress.line("error: cannot locate the kvbench executable to start repetitions")
            return ExitCode.runFailure
        }
        let sides = options.sides ?? [SuiteSide(executable: executable, directory: nil)]
        if options.resume && sides.count > 1 {
            progress.line("error: --resume completes one build's result set; it cannot be combined with --interleave")
            return ExitCode.usage
        }

        // Heap profiles come from tcmalloc's heap profiler.
        let allocatorChoice = options.profile == "heap" ? .tcmalloc : options.allocator
        if options.profile == "cpu" && AllocatorPreload.profiler == nil {
            progress.line("warning: gperftools' libprofiler.so.0 not found (make run installs libgoogle-perftools-dev): no CPU profiles will be written")
        }
        if options.profile == "heap" && options.allocator != .tcmalloc {
            progress.line("note: --profile heap runs the repetitions under tcmalloc (its heap profiler)")
        }
        let preload = AllocatorPreload.choose(allocatorChoice)
        if allocatorChoice != .system, preload.library == nil {
            progress.line("warning: \(allocatorChoice.rawValue) not found (make run installs it); repetitions run under the system allocator without per-domain figures")
        }
        let requested = AllocatorRecord(kind: preload.library == nil ? "glibc" : allocatorChoice.rawValue, path: preload.library ?? "", version: nil)
        var metadata = sides.map { MetadataCollector.collect(allocator: requested, directory: $0.directory) }
        let store = ResultStore(root: URL(fileURLWithPath: options.resultsRoot, isDirectory: true))
        for side in metadata {
            progress.line("kvbench: \(workloads.count) workload(s) → \(store.root.appendingPathComponent(side.commitDirectoryName).path)\(side.dirty ? " (uncommitted changes)" : "")")
        }

        var anyFailed = false
        var written = [[RunResult]](repeating: [], count: sides.count)
        for (position, original) in workloads.enumerated() {
            let workload = options.quick ? original.quick() : original
            let count = options.repetitions ?? (options.quick ? 1 : workload.repetitions.count)
            let warmup = options.warmup ?? (options.quick ? 0 : workload.repetitions.warmup)
            let label = "[\(position + 1)/\(workloads.count)] \(workload.name)"
            let workloadFile = URL(fileURLWithPath: workload.sourcePath).standardizedFileURL.path
            var records = [[RepetitionRecord]](repeating: [], count: sides.count)
            if options.resume {
                switch resumable(workload, file: original.sourcePath, in: store, metadata: metadata[0], repetitions: warmup + count) {
                case .complete(let run):
                    progress.line("\(label): already complete (\(run.repetitions.count) repetitions), skipped")
                    written[0].append(run)
                    continue
                case .partial(let kept):
                    progress.line("\(label): resuming after \(kept.count) kept repetition(s)")
                    records[0] = kept
                case .refused(let reason):
                    progress.line("error: cannot resume \(workload.name): \(reason); its results are left as they are")
                    anyFailed = true
                    continue
                case .nothing:
                    break
                }
            }
            for index in records[0].count..<(warmup + count) {
                for (sideIndex, side) in sides.enumerated() {
                    let isWarmup = index < warmup
                    let title = (isWarmup ? "warm-up \(index + 1)/\(warmup)" : "repetition \(index - warmup + 1)/\(count)")
                        + (sides.count > 1 ? " @\(metadata[sideIndex].commitDirectoryName)" : "")
                    let started = Date()
                    progress.status("\(label): \(title)")
                    var child = ChildRepetition(executable: side.executable, directory: side.directory, workloadFile: workloadFile,
                                                index: index, warmup: isWarmup, quick: options.quick, preload: preload)
                    child.verifyDomains = options.verifyDomains
                    child.timeout = options.timeout
                    child.memoryLimit = options.memoryLimit
                    let workloadDirectory = store.directory(for: metadata[sideIndex], workload: workload.name)
                    let profiles = "profiles/rep\(index)"
                    if options.profile != nil {
                        let directory = workloadDirectory.appendingPathComponent(profiles).path
                        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                        child.profileDirectory = directory
                        child.heapProfile = options.profile == "heap"
                    }
                    var record = child.run { progress.status("\(label): \(title): \($0)") }
                    if options.profile != nil {
                        record.profiles = Profiles.collect(in: workloadDirectory, subdirectory: profiles, executable: side.executable)
                    }
                    let seconds = String(format: "%.1fs", Date().timeIntervalSince(started))
                    if record.status == .ok {
                        progress.line("\(label): \(title) done in \(seconds) (\(record.allocator.kind))")
                    } else if record.status == .interrupted {
                        progress.line("\(label): \(title) interrupted after \(seconds); keeping what completed")
                    } else {
                        anyFailed = true
                        progress.line("\(label): \(title) FAILED after \(seconds): \(record.failure ?? "")")
                    }
                    records[sideIndex].append(record)
                    if record.status == .interrupted { break }
                }
                if kvb_interrupt_signal() != 0 { break }
            }
            for sideIndex in sides.indices {
                if let served = records[sideIndex].first(where: { $0.status == .ok })?.allocator { metadata[sideIndex].allocator = served }
                var run = RunResult(metadata: metadata[sideIndex], workload: WorkloadRecord(workload, file: original.sourcePath),
                                    command: options.command, repetitions: records[sideIndex],
                                    thresholds: workload.thresholds.isEmpty ? nil : workload.thresholds)
                if kvb_interrupt_signal() != 0 { run.interrupted = true }
                do {
                    let directory = try write(run, to: store)
                    written[sideIndex].append(run)
                    progress.line("\(label): report \(directory.appendingPathComponent(HTMLReport().fileName).path)")
                    for line in headline(run) { progress.line("    \(line)") }
                } catch {
                    progress.line("error: writing results for \(workload.name): \(error)")
                    anyFailed = true
                }
            }
            if kvb_interrupt_signal() != 0 {
                progress.line("interrupted: the results above hold what completed (marked interrupted)")
                break
            }
        }
        for (sideIndex, runs) in written.enumerated() where !runs.isEmpty {
            let index = store.root.appendingPathComponent(metadata[sideIndex].commitDirectoryName).appendingPathComponent("index.html")
            do {
                try ResultsLock.holding(store.root) {
                    try ResultStore.writeAtomically(Data(SuiteIndex.render(indexedRuns(in: index.deletingLastPathComponent(), adding: runs)).utf8),
                                                    to: index)
                }
                progress.line("index: \(index.path)")
            } catch {
                progress.line("error: writing \(index.path): \(error)")
                anyFailed = true
            }
        }
        if kvb_interrupt_signal() != 0 { return ExitCode.interrupted }
        return anyFailed ? ExitCode.runFailure : ExitCode.success
    }

    enum Resumable {
        /// No earlier result: run everything.
        case nothing
        case complete(RunResult)
        /// The repetitions to keep (those that finished, ok or failed); the rest are run.
        case partial([RepetitionRecord])
        case refused(String)
    }

    /// What an earlier result of this workload at this commit leaves to do. Its repetitions are
    /// only reused for the same workload text: anything else would mix two experiments.
    static func resumable(_ workload: Workload, file: String, in store: ResultStore, metadata: RunMetadata,
                          repetitions wanted: Int) -> Resumable {
        let url = store.directory(for: metadata, workload: workload.name).appendingPathComponent(ResultStore.runFileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return .nothing }
        let previous: RunResult
        do throws(ResultError) {
            previous = try ResultStore.load(url)
        } catch {
            return .refused("\(error)")
        }
        guard previous.workload.sha256 == WorkloadRecord(workload, file: file).sha256 else {
            return .refused("\(url.path) was made from a different version of \(file); run without --resume to replace it")
        }
        let kept = previous.repetitions.filter { $0.status != .interrupted }
        if previous.interrupted != true && kept.count >= wanted { return .complete(previous) }
        return .partial(Array(kept.prefix(wanted)))
    }

    /// The runs of this invocation plus any other workload already in the commit directory, so
    /// the index of a suite run in shards or parts still lists everything.
    static func indexedRuns(in directory: URL, adding runs: [RunResult]) -> [RunResult] {
        let existing = (try? ResultSet.load(directory: directory))?.runs ?? [:]
        var byName = existing
        for run in runs { byName[run.workload.name] = run }
        return Array(byName.values)
    }

    /// Writes run.json first, then every report, each atomically, holding the results root's lock
    /// so that concurrent runs into one directory do not interleave their files.
    static func write(_ run: RunResult, to store: ResultStore) throws -> URL {
        try ResultsLock.holding(store.root) { try writeUnlocked(run, to: store) }
    }

    private static func writeUnlocked(_ run: RunResult, to store: ResultStore) throws -> URL {
        let directory = store.directory(for: run.metadata, workload: run.workload.name)
        try ResultStore.writeAtomically(try ResultStore.encode(run), to: directory.appendingPathComponent(ResultStore.runFileName))
        for exporter in ReportExporters.run {
            try ResultStore.writeAtomically(Data(exporter.render(run).utf8), to: directory.appendingPathComponent(exporter.fileName))
        }
        return directory
    }

    /// The few figures worth a glance in the terminal.
    static func headline(_ run: RunResult) -> [String] {
        let interesting = ["checkpoint.memory.before_expel", "checkpoint.memory.after_expel", "checkpoint.items_expelled",
                           "checkpoint.memory.freed_by_expel", "checkpoint.allocator.freed_by_expel", "ops.set.throughput"]
        let rows = SummaryRow.rows(for: run).filter { interesting.contains($0.metric) }
        var lines = rows.map { row in
            let value = row.unit == "bytes" ? Quantity.formatSize(row.statistics.median) : String(format: "%.0f %@", row.statistics.median, row.unit)
            return "\(row.metric): \(value) (median of \(row.statistics.count))"
        }
        lines += Set(run.repetitions.flatMap(\.unavailable)).sorted().map { "note: \($0)" }
        return lines
    }

    static func currentExecutable() -> String? {
        let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        return resolved ?? Bundle.main.executablePath
    }
}

extension WorkloadRecord {
    init(_ workload: Workload, file: String) {
        self.init(name: workload.name, file: file, sha256: SHA256.hex(Array(workload.sourceText.utf8)), text: workload.sourceText)
    }
}
