import MemoryTracking
import Results
import Workload

/// Runs the engine's and the harness's code paths once, on a small bucket of the workload's
/// configuration, before the repetition opens its own. The Swift runtime allocates generic
/// metadata and conformance caches once per process, on first use, in 16 KiB pools and small
/// entries, charged to whatever domain the thread that first needs them is in: a worker in `none`
/// or an engine task in Primary, whichever gets there first. Measured without priming, identical
/// repetitions differed by 64 B to 16 KiB moving between Primary and `none`; primed, those
/// allocations happen here, before `DomainBaseline` is taken.
enum RuntimePrimer {
    static let items = 256

    static func prime(like workload: Workload, allocator: AllocatorInfo, services: RepetitionServices) throws {
        var primer = workload
        // Enough items to run every path, few enough to stay small with 20 MiB values, in a
        // quota that holds them four times over (a workload's quota may be too small to, which
        // its own load then reports).
        let largest = workload.dataset.valueSize.maximum + Limits.keyBytes
        primer.dataset.items = min(workload.dataset.items, items, max(8, (32 << 20) / largest))
        primer.engine.quota = max(workload.engine.quota, 4 * primer.dataset.items * largest, 64 << 20)
        primer.engine.dataDirectory = nil
        primer.phases = phases(persistence: workload.engine.persistence)
        let engine = try BucketHandle(workload: primer, purpose: "primer")
        defer { engine.close() }
        let clock = RepetitionClock()
        let context = RepetitionContext(engine: engine, workload: primer, clock: clock,
                                        sampler: Sampler(engine: engine, clock: clock, intervalSeconds: 1, allocator: allocator, baseline: .now),
                                        allocator: allocator, services: services, baseline: .now)
        let interpreter = PhaseInterpreter(context: context)
        var ledger = MeasurementLedger()
        for (index, phase) in primer.phases.enumerated() {
            try interpreter.run(phase, PhaseStep(path: String(index), seed: index), into: &ledger)
        }
        _ = try EndOfRunMetrics.record(context, &ledger)
    }

    /// A cursor and writes of every kind, then — with a store — persistence, eviction, gets that
    /// fetch back from disk and a DCP stream that backfills; expel and snapshots in between.
    private static func phases(persistence: Bool) -> [Phase] {
        let mix = Phase.Mutate(mix: OperationMix(set: 50, get: 30, delete: 20), keys: .uniform, ops: 2 * items, workers: 2)
        var phases: [Phase] = [
            .checkpoint(.cursor(Phase.Cursor(name: "primer", action: .register(seqno: 0), vbuckets: nil))),
            .load(.load(Phase.Load(workers: 2))),
            .load(.mutate(mix)),
            .checkpoint(.cursor(Phase.Cursor(name: "primer", action: .advance(items: Int.max), vbuckets: nil))),
            .checkpoint(.snapshot(label: "primer")),
            .checkpoint(.expel(baseline: false)),
            .checkpoint(.newCheckpoint),
        ]
        guard persistence else { return phases }
        let streams = Phase.DcpStreams(name: "primer", vbuckets: nil, fromSeqno: 0, toSeqno: .high, drain: nil, buffer: 1 << 20,
                                       backfillByteLimit: 1 << 20)
        phases += [
            .persistence(.persist(wait: true, timeout: 60)),
            .persistence(.evict),
            .load(.mutate(Phase.Mutate(mix: OperationMix(set: 0, get: 100, delete: 0), keys: .uniform, ops: items, workers: 1))),
            .dcp(.open(streams)),
            .dcp(.wait(name: "primer", timeout: 60)),
        ]
        return phases
    }
}
