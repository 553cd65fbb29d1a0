import CThreads
import Engine
import Foundation
import MemoryTracking
import Results
import Workload

/// Runs one repetition of a workload inside this process (the child side of `kvbench run`):
/// creates the bucket (with a SQLite store in a fresh directory unless the workload names one),
/// starts the sampler, interprets the phases in order and returns the record with every metric.
/// Call from one thread; it starts and joins its own worker threads.
struct RepetitionExecutor {
    /// The Swift runtime's switch for a fixed hash seed, which the launcher sets for every child.
    static let deterministicHashing = "SWIFT_DETERMINISTIC_HASHING"

    let workload: Workload
    let request: RepetitionRequest
    let services: RepetitionServices
    let progress: (String) -> Void

    /// Throws when the engine cannot be set up or a phase cannot complete.
    func run() throws -> RepetitionRecord {
        let allocator = AllocatorInfo.detect()
        let verification = request.verifyDomains ? try DomainVerification(allocator: allocator) : nil
        progress("priming the runtime")
        try RuntimePrimer.prime(like: workload, allocator: allocator, services: services)
        let baseline = DomainBaseline.now
        let engine = try BucketHandle(workload: workload, purpose: "data")
        defer { engine.close() }
        let clock = RepetitionClock()
        let sampler = Sampler(engine: engine, clock: clock, intervalSeconds: workload.sampleInterval, allocator: allocator, baseline: baseline)
        let context = RepetitionContext(engine: engine, workload: workload, clock: clock, sampler: sampler, allocator: allocator,
                                        services: services, baseline: baseline, quick: request.quick)
        let interpreter = PhaseInterpreter(context: context)
        var ledger = MeasurementLedger()
        sampler.start()
        do {
            for (index, phase) in workload.phases.enumerated() {
                progress("phase \(index + 1)/\(workload.phases.count) \(phase.kind)")
                sampler.setPhase(index)
                try profiling(phase: index, kind: phase.kind) {
                    try interpreter.run(phase, PhaseStep(path: String(index), seed: index), into: &ledger)
                }
            }
        } catch {
            _ = sampler.stop()
            _ = context.dcp.finishAll()
            throw error
        }
        let timeseries = sampler.stop()
        if let peak = timeseries.series(Metrics.checkpointMemory.name())?.max() { ledger.record(Metrics.checkpointPeakMemory, peak) }
        if workload.engine.persistence, let peak = timeseries.series(Metrics.persistenceLag.name())?.max() {
            ledger.record(Metrics.persistenceLagPeak, peak)
        }
        var unavailable = try EndOfRunMetrics.record(context, &ledger) + ledger.notes
        if let verification {
            if let phase = ledger.trackingPausedBy {
                unavailable.append("--verify-domains: not checked, phase \(phase) paused memory-domain tracking (allocations made meanwhile "
                                   + "stayed in the domain and arena their thread was in)")
            } else {
                for figure in try verification.check() { ledger.record(figure) }
            }
        }
        if let reason = allocator.unavailableReason {
            unavailable.append("\(reason): per-domain figures (checkpoint.allocator.freed_by_expel, mem.primary.*, mem.secondary.allocated) are unavailable")
        }
        var record = RepetitionRecord(
            index: request.index, warmup: request.warmup, status: .ok,
            allocator: AllocatorRecord(kind: allocator.kind.rawValue, path: allocator.path, version: allocator.version),
            metrics: ledger.metrics, phases: ledger.phases, markers: ledger.markers, timeseries: timeseries,
            unavailable: unavailable, latencies: ledger.frontEnd.latencyRecords
        )
        record.memUsedSource = engine.bucket.memory.source.rawValue
        if workload.engine.persistence && allocator.hasDomainCounters && ledger.trackingPausedBy == nil {
            engine.close()
            record.metrics.append(Metrics.secondaryAfterStoreClosed.value(Double(baseline.since(.secondary))))
        }
        record.deterministicHashing = ProcessInfo.processInfo.environment[Self.deterministicHashing].map { $0 == "1" || $0 == "true" } ?? false
        return record
    }

    /// Runs `body` under gperftools' CPU or heap profiler when the request asks for profiles,
    /// writing one per phase (`phase-<index>-<kind>.prof` / `.heap`).
    private func profiling(phase index: Int, kind: String, _ body: () throws -> Void) throws {
        guard let profile = request.profile else { return try body() }
        let prefix = "\(profile.directory)/phase-\(index)-\(kind)"
        let heap = profile.kind == .heap
        let started = heap ? kvb_heap_profiler_start(prefix) != 0 : kvb_cpu_profiler_start(prefix + ".prof") != 0
        defer {
            if started {
                if heap { kvb_heap_profiler_dump_and_stop("end of phase") } else { kvb_cpu_profiler_stop() }
            }
        }
        try body()
    }
}
