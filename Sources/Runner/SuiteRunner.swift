#if canImport(Glibc)
import Glibc
#endif
import CThreads
import Foundation
import Results
import Workload

/// The parent side of `kvbench run`: plan (`Plan/`: discover, select, shard, resume) → schedule
/// (`Schedule/`: warm-ups, repetitions, interleaving) → launch (`Launch/`: one child per
/// repetition, behind `RepetitionLauncher`) → hand each workload's result to a `ResultSink`,
/// which writes it with its reports. Call from one thread.
public struct SuiteRunner {
    /// One build taking part: how its repetitions are launched, and where its results belong.
    struct Side {
        var launcher: any RepetitionLauncher
        var metadata: RunMetadata
        /// Its kvbench, for symbolising profiles.
        var executable: String
        /// Its results root, and what writes its results there.
        var store: ResultStore
        var sink: any ResultSink
    }

    let options: SuiteOptions
    let sides: [Side]
    let progress: ProgressLog
    /// Whether kvbench was asked to stop (SIGINT/SIGTERM).
    let isInterrupted: @Sendable () -> Bool

    init(options: SuiteOptions, sides: [Side], progress: ProgressLog,
         isInterrupted: @escaping @Sendable () -> Bool = { kvb_interrupt_signal() != 0 }) {
        self.options = options
        self.sides = sides
        self.progress = progress
        self.isInterrupted = isInterrupted
    }

    /// `kvbench run`: plans, prepares this build (or `options.sides`) under the chosen allocator,
    /// runs every repetition and publishes through the sink `sinks` gives for each side's results root.
    public static func run(_ options: SuiteOptions, sinks: (URL) -> any ResultSink, progress: ProgressLog = ProgressLog()) -> ExitStatus {
        // Until the plan is made, SIGINT and SIGTERM keep their default action: parsing and reading
        // traces have nothing to save, so they stop kvbench at once.
        signal(SIGPIPE, SIG_IGN)
        let plan: SuitePlanner.Plan
        switch SuitePlanner.plan(options) {
        case .success(let planned): plan = planned
        case .failure(let errors):
            errors.messages.forEach(progress.line)
            return .usage
        }
        for workload in plan.skipped {
            progress.line("skipping \(workload.name) (default_suite: false); run it by naming \(workload.sourcePath)")
        }
        guard let sides = prepareSides(options, sinks: sinks, progress: progress) else { return .usage }
        for side in sides {
            do throws(ResultError) {
                try side.store.prepareRoot()
            } catch {
                progress.line("error: the results directory cannot be written: \(error)")
                return .usage
            }
        }
        kvb_install_interrupt_handlers()
        return SuiteRunner(options: options, sides: sides, progress: progress).execute(plan.workloads)
    }

    /// The builds to run with their launchers and metadata; nil (after saying why) when the
    /// options cannot work.
    static func prepareSides(_ options: SuiteOptions, sinks: (URL) -> any ResultSink, progress: ProgressLog) -> [Side]? {
        guard let executable = Executable.current else {
            progress.line("error: cannot locate the kvbench executable to start repetitions")
            return nil
        }
        let builds = options.sides ?? [SuiteSide(executable: executable, directory: nil)]
        if options.resume && builds.count > 1 {
            progress.line("error: --resume completes one build's result set; it cannot be combined with --interleave")
            return nil
        }
        ScratchDirectory.removeStale()
        let preload = AllocatorPreload.prepare(options, progress: progress)
        let requested = AllocatorRecord(kind: preload.library == nil ? "glibc" : preload.choice.rawValue, path: preload.library ?? "", version: nil)
        return builds.map { build in
            let root = URL(fileURLWithPath: build.resultsRoot ?? options.resultsRoot, isDirectory: true)
            var metadata = MetadataCollector.collect(allocator: requested, directory: build.directory)
            metadata.variant = RunMetadata.variant(overrides: options.overrides.map(\.description))
            return Side(launcher: ChildProcessLauncher(executable: build.executable, directory: build.directory, preload: preload,
                                                       limits: options.limits),
                        metadata: metadata, executable: build.executable, store: ResultStore(root: root), sink: sinks(root))
        }
    }

    /// Runs every planned workload in order; stops after the workload an interrupt cut short.
    func execute(_ workloads: [PlannedWorkload]) -> ExitStatus {
        for side in sides {
            let directory = side.store.root.appendingPathComponent(side.metadata.commitDirectoryName).path
            progress.line("kvbench: \(workloads.count) workload(s) → \(directory)\(side.metadata.dirty ? " (uncommitted changes)" : "")")
        }
        var anyFailed = false
        var written = [[RunResult]](repeating: [], count: sides.count)
        for planned in workloads {
            anyFailed = !runWorkload(planned, written: &written) || anyFailed
            if isInterrupted() {
                progress.line("interrupted: the results above hold what completed (marked interrupted)")
                break
            }
        }
        for (side, runs) in zip(sides, written) where !runs.isEmpty {
            do {
                progress.line("index: \(try side.sink.publishIndex(adding: runs).path)")
            } catch {
                progress.line("error: writing the index of \(side.metadata.commitDirectoryName): \(error)")
                anyFailed = true
            }
        }
        if isInterrupted() { return .interrupted }
        return anyFailed ? .runFailure : .success
    }

    /// How `planned` is run under these options, as results record it.
    private func runOptions(_ planned: PlannedWorkload) -> RunOptions {
        RunOptions(repetitions: planned.count, warmup: planned.warmup, quick: options.quick, verifyDomains: options.verifyDomains,
                   profile: options.profile?.rawValue)
    }

    /// A complete set `--resume` finds with files missing (deleted, or from before sets were
    /// published whole) is published again from its run.json.
    private func repairIfNeeded(_ run: RunResult, _ planned: PlannedWorkload) -> Bool {
        guard !sides[0].sink.isWhole(run) else { return true }
        do {
            progress.line("\(planned.label): reports were missing; rewritten: \(try sides[0].sink.publish(run).path)")
            return true
        } catch {
            progress.line("error: \(planned.label): rewriting its reports: \(error)")
            return false
        }
    }

    /// Locks what a workload's run owns: its results directory on every side (a second run of
    /// the same workload into the same directory would replace these results, or these it) and
    /// its `engine.data_directory` (two runs would delete each other's SQLite files). Nil, after
    /// saying who holds what, when another kvbench does.
    private func lockWorkload(_ planned: PlannedWorkload) -> [HeldLock]? {
        var paths = sides.map { side in
            side.store.root.appendingPathComponent(side.metadata.commitDirectoryName).appendingPathComponent(".\(planned.workload.name).lock").path
        }
        if let data = planned.workload.engine.dataDirectory { paths.append(data + "/.kvbench.lock") }
        var held: [HeldLock] = []
        // Sides sharing a root (tests' scripted builds) share the lock: flock excludes even this process's second open.
        for path in Set(paths).sorted() {
            guard let lock = HeldLock(path) else {
                progress.line("error: \(planned.label): another kvbench is running it (\(path) is locked); not run, so that neither "
                              + "run's results or data replace the other's")
                return nil
            }
            held.append(lock)
        }
        return held
    }

    /// One workload: its repetitions on every side in schedule order, then each side's result
    /// published. Returns false when a repetition failed or a result could not be written.
    private func runWorkload(_ planned: PlannedWorkload, written: inout [[RunResult]]) -> Bool {
        guard let locks = lockWorkload(planned) else { return false }
        defer { locks.forEach { $0.release() } }
        var records = [[RepetitionRecord]](repeating: [], count: sides.count)
        var succeeded = true
        if options.resume {
            switch Resume.decide(planned.workload, in: sides[0].store, metadata: sides[0].metadata, options: runOptions(planned)) {
            case .complete(let run):
                progress.line("\(planned.label): already complete (\(run.repetitions.count) repetitions), skipped")
                written[0].append(run)
                return repairIfNeeded(run, planned)
            case .partial(let kept):
                progress.line("\(planned.label): resuming after \(kept.count) kept repetition(s)")
                records[0] = kept
            case .refused(let reason):
                progress.line("error: cannot resume \(planned.workload.name): \(reason); its results are left as they are")
                return false
            case .fresh:
                break
            }
        }
        let slots = RepetitionSchedule.slots(from: records[0].count, warmup: planned.warmup, count: planned.count, sides: sides.count)
        for slot in slots {
            let record = launch(planned, slot)
            succeeded = succeeded && record.status != .failed
            records[slot.side].append(record)
            if record.status == .interrupted || isInterrupted() { break }
        }
        for (index, side) in sides.enumerated() {
            let run = result(planned, side: side, records: records[index])
            do {
                let report = try side.sink.publish(run)
                written[index].append(run)
                progress.line("\(planned.label): report \(report.path)")
                for line in Headline.lines(run) { progress.line("    \(line)") }
            } catch {
                progress.line("error: writing results for \(planned.workload.name): \(error)")
                succeeded = false
            }
        }
        return succeeded
    }

    /// Runs one repetition and says how it went.
    private func launch(_ planned: PlannedWorkload, _ slot: RepetitionSchedule.Slot) -> RepetitionRecord {
        let side = sides[slot.side]
        let title = RepetitionSchedule.title(slot, warmup: planned.warmup, count: planned.count)
            + (sides.count > 1 ? " @\(side.metadata.commitDirectoryName)" : "")
        let workloadDirectory = side.store.directory(for: side.metadata, workload: planned.workload.name)
        let profiles = "\(ResultStore.profilesDirectory)/rep\(slot.index)"
        var profileDirectory: String?
        if options.profile != nil {
            profileDirectory = workloadDirectory.appendingPathComponent(profiles).path
            try? FileManager.default.createDirectory(atPath: profileDirectory!, withIntermediateDirectories: true)
        }
        let started = MonotonicSeconds.now
        progress.status("\(planned.label): \(title)")
        let request = planned.request(index: slot.index, options: options, profileDirectory: profileDirectory, parent: getpid())
        var record = side.launcher.run(request) { [progress] in progress.status("\(planned.label): \(title): \($0)") }
        if options.profile != nil {
            record.profiles = Profiles.collect(in: workloadDirectory, subdirectory: profiles, executable: side.executable)
        }
        let seconds = String(format: "%.1fs", MonotonicSeconds.now - started)
        switch record.status {
        case .ok: progress.line("\(planned.label): \(title) done in \(seconds) (\(record.allocator.kind))")
        case .interrupted: progress.line("\(planned.label): \(title) interrupted after \(seconds); keeping what completed")
        case .failed: progress.line("\(planned.label): \(title) FAILED after \(seconds): \(record.failure ?? "")")
        }
        return record
    }

    /// The run.json content of one side: metadata (with the allocator that really served), the
    /// workload text that ran, every repetition.
    private func result(_ planned: PlannedWorkload, side: Side, records: [RepetitionRecord]) -> RunResult {
        var metadata = side.metadata
        if let served = records.first(where: { $0.status == .ok })?.allocator { metadata.allocator = served }
        var run = RunResult(metadata: metadata, workload: WorkloadRecord(planned.workload), command: options.command, repetitions: records,
                            thresholds: planned.workload.thresholds.isEmpty ? nil : planned.workload.thresholds)
        run.options = runOptions(planned)
        run.gate = planned.workload.gate.isEmpty ? nil : planned.workload.gate
        if isInterrupted() { run.interrupted = true }
        return run
    }
}
