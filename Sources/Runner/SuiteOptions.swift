import Foundation
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
    /// What may stop a repetition (timeout, resident memory).
    public var limits = RepetitionLimits()
    /// Complete an interrupted result set: keep its finished repetitions and run only the rest;
    /// workloads already complete are skipped.
    public var resume = false
    /// `--profile cpu|heap`: a gperftools profile per phase, kept with the results (heap needs tcmalloc).
    public var profile: RepetitionRequest.Profile.Kind?
    /// Run only this shard of the suite (every count-th workload), for splitting it over machines.
    public var shard: Shard?
    /// Builds to run, repetition by repetition in turn (A B A B …, cancelling machine drift);
    /// nil = this executable in this checkout.
    public var sides: [SuiteSide]?
    /// `--set path=value`: applied to every workload before it is read.
    public var overrides: [WorkloadOverride] = []
    /// `--filter`, `--skip`, `--tag`.
    public var selection = WorkloadSelection()
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

    /// Measured repetitions and warm-ups of `workload` under these options.
    func counts(for repetitions: (count: Int, warmup: Int)) -> (count: Int, warmup: Int) {
        (self.repetitions ?? (quick ? 1 : repetitions.count), warmup ?? (quick ? 0 : repetitions.warmup))
    }
}

/// One build taking part in a run: its kvbench, the checkout it was built from, and (for
/// interleaved runs, whose sides may be the same commit) a results root of its own.
public struct SuiteSide: Sendable {
    public var executable: String
    public var directory: String?
    public var resultsRoot: String?

    public init(executable: String, directory: String?, resultsRoot: String? = nil) {
        self.executable = executable
        self.directory = directory
        self.resultsRoot = resultsRoot
    }
}
