import CThreads
import Engine
import Foundation
import MemoryTracking
import Results
import Workload

/// Runs one repetition of a workload inside this process (the child side of `kvbench run`):
/// creates the bucket (with a SQLite store in a fresh directory unless the workload names one),
/// starts the sampler, executes the phases in order and returns the record with every metric.
/// Call from one thread; it starts and joins its own worker threads.
public struct RepetitionExecutor {
    /// Set (with MALLOC_CONF=tcache:false) in a child started by `kvbench run --verify-domains`.
    public static let verifyEnvironment = "KVBENCH_VERIFY_DOMAINS"
    /// Set by `kvbench run --profile cpu`: the directory for one CPU profile per phase.
    public static let profileEnvironment = "KVBENCH_PROFILE_DIR"
    /// `cpu` or `heap`.
    public static let profileKindEnvironment = "KVBENCH_PROFILE_KIND"
    let workload: Workload
    let index: Int
    let warmup: Bool
    let progress: (String) -> Void

    public init(workload: Workload, index: Int, warmup: Bool, progress: @escaping (String) -> Void) {
        self.workload = workload
        self.index = index
        self.warmup = warmup
        self.progress = progress
    }

    /// Throws when the engine cannot be set up or a phase cannot complete.
    /// Verify mode tolerance: counters and arena figures may differ by this share of the arena
    /// figure, or by `verifyToleranceBytes`, whichever is larger.
    public static let verifyToleranceShare = 0.01
    public static let verifyToleranceBytes: Int64 = 64 << 10

    public func run() throws -> RepetitionRecord {
        let allocator = AllocatorInfo.detect()
        let verify = ProcessInfo.processInfo.environment[Self.verifyEnvironment] != nil
        var baselines: [MemoryDomain: Int64] = [:]
        if verify {
            guard allocator.kind == .jemalloc, VerifyMode.enable() else {
                throw PhaseFailure(path: "start", message: "--verify-domains needs jemalloc (served here: \(allocator.kind.rawValue))")
            }
            for domain in [MemoryDomain.primary, .secondary] { baselines[domain] = domain.preciseBytes }
        }
        let engine = try BucketHandle(workload: workload, index: index)
        defer { engine.close() }
        let profileDirectory = ProcessInfo.processInfo.environment[Self.profileEnvironment]
        let clock = RepetitionClock()
        let sampler = Sampler(engine: engine, clock: clock, intervalSeconds: workload.sampleInterval, allocator: allocator)
        var state = PhaseState(engine: engine, workload: workload, clock: clock, sampler: sampler, allocator: allocator)

        sampler.start()
        do {
            for (phaseIndex, phase) in workload.phases.enumerated() {
                progress("phase \(phaseIndex + 1)/\(workload.phases.count) \(phase.kind)")
                sampler.setPhase(phaseIndex)
                let prefix = profileDirectory.map { "\($0)/phase-\(phaseIndex)-\(phase.kind)" }
                let heap = ProcessInfo.processInfo.environment[Self.profileKindEnvironment] == "heap"
                let profiling = prefix.map { heap ? kvb_heap_profiler_start($0) != 0 : kvb_cpu_profiler_start($0 + ".prof") != 0 } ?? false
                defer {
                    if profiling {
                        if heap { kvb_heap_profiler_dump_and_stop("end of phase") } else { kvb_cpu_profiler_stop() }
                    }
                }
                try state.execute(phase, path: String(phaseIndex), seed: phaseIndex)
            }
        } catch {
            _ = sampler.stop()
            _ = state.dcp.finishAll()
            throw error
        }
        let timeseries = sampler.stop()
        var unavailable = try state.finish() + state.notes
        var verification: [MetricValue] = []
        if verify {
            for domain in [MemoryDomain.primary, .secondary] {
                let counter = domain.preciseBytes - (baselines[domain] ?? 0)
                guard let arena = VerifyMode.arenaBytes(domain).map(Int64.init) else { continue }
                let name = domain == .primary ? "primary" : "secondary"
                verification.append(.bytes("verify.\(name).counter", Double(counter)))
                verification.append(.bytes("verify.\(name).arena", Double(arena)))
                let difference = abs(counter - arena)
                verification.append(.bytes("verify.\(name).difference", Double(difference)))
                let tolerance = max(Self.verifyToleranceBytes, Int64(Double(arena) * Self.verifyToleranceShare))
                guard difference <= tolerance else {
                    throw PhaseFailure(path: "end", message: "verify: \(name) counters say \(counter) bytes, its arena holds \(arena) (difference \(difference) > tolerance \(tolerance))")
                }
            }
        }
        if let reason = allocator.unavailableReason {
            unavailable.append("\(reason): per-domain figures (checkpoint.allocator.freed_by_expel, mem.primary.*, mem.secondary.allocated) are unavailable")
        }
        return RepetitionRecord(
            index: index, warmup: warmup, status: .ok,
            allocator: AllocatorRecord(kind: allocator.kind.rawValue, path: allocator.path, version: allocator.version),
            metrics: state.metrics + verification, phases: state.phases, markers: state.markers, timeseries: timeseries,
            unavailable: unavailable, latencies: state.latencyRecords
        )
    }
}
