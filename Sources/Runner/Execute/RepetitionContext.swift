import Engine
import MemoryTracking
import Results
import Workload

/// What every phase of one repetition shares: the bucket (through its handle, since `restart`
/// replaces it), the workload, the clock, the sampler, the DCP stream sets and the verify oracle.
/// Immutable; parallel branches share one. Measurements go to a `MeasurementLedger` instead.
struct RepetitionContext: Sendable {
    let engine: BucketHandle
    let workload: Workload
    let clock: RepetitionClock
    let sampler: Sampler
    let allocator: AllocatorInfo
    let services: RepetitionServices
    /// Per-domain figures are reported from here.
    let baseline: DomainBaseline
    let dcp = DcpRegistry()
    /// What `verify` checks; nil when the workload has no verify phase (recording costs a lock per write).
    let acknowledged: AcknowledgedMutations?
    /// The in-process dictionary `baseline` phases drive.
    let baselineStore = DictionaryBaseline()
    /// `--quick`: the workload is already shrunk; phases whose size is not in the workload
    /// (`tool_timings`' synthetic history) shrink by this.
    let quick: Bool

    init(engine: BucketHandle, workload: Workload, clock: RepetitionClock, sampler: Sampler, allocator: AllocatorInfo,
         services: RepetitionServices, baseline: DomainBaseline, quick: Bool = false) {
        self.quick = quick
        self.engine = engine
        self.workload = workload
        self.clock = clock
        self.sampler = sampler
        self.allocator = allocator
        self.services = services
        self.baseline = baseline
        acknowledged = workload.phases.contains { $0.contains { $0 == .lifecycle(.verify) } } ? AcknowledgedMutations() : nil
    }

    /// The bucket in service now (a `restart` phase replaces it).
    var bucket: Bucket { engine.bucket }

    /// Per-domain byte counters exist (jemalloc, or tcmalloc through hooks).
    var domainCounters: Bool { allocator.hasDomainCounters }

    /// What load, mutate and replay phases drive.
    var engineTarget: EngineTarget { EngineTarget(bucket: bucket, acknowledged: acknowledged) }
}

/// Work a repetition hands to code outside the Runner module, injected by the executable: the
/// runner does not depend on report formats (DESIGN.md §2), yet `tool_timings` times them.
public struct RepetitionServices: Sendable {
    /// Renders every report of a run (the result is discarded: only the time counts).
    public var renderReports: @Sendable (RunResult) -> Void

    public init(renderReports: @escaping @Sendable (RunResult) -> Void) {
        self.renderReports = renderReports
    }
}

/// Where a phase sits and the seed of its random streams: `path` names it in metrics (the
/// top-level index, or `3.1.0` for the first phase of branch 1 of parallel phase 3).
struct PhaseStep: Sendable {
    let path: String
    let seed: Int

    /// The top-level phase index the step belongs to.
    var topLevelIndex: Int { Int(path.prefix { $0 != "." }) ?? 0 }
}

/// A phase that could not complete (a wait that timed out, persistence that never caught up):
/// the repetition fails with this message.
struct PhaseFailure: Error, Sendable, CustomStringConvertible {
    var path: String
    var message: String
    var description: String { "phase \(path): \(message)" }
}

/// Seconds since a repetition started, readable from any thread.
struct RepetitionClock: Sendable {
    private let start = ContinuousClock.now

    var seconds: Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
