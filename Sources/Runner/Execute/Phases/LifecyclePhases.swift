@_spi(Testing) import Engine
import Results
import Workload

/// The reliability phases: `restart` (clean or killed, then warmup), `storage_faults` and `verify`.
enum LifecyclePhases {
    static func run(_ phase: LifecyclePhase, _ step: PhaseStep, _ context: RepetitionContext,
                    _ ledger: inout MeasurementLedger) throws(PhaseFailure) -> Int {
        switch phase {
        case .restart(let kill):
            let loaded = try restart(kill: kill, step, context, &ledger)
            ledger.mark(kill ? "killed + warmup" : "restart + warmup", at: context.clock.seconds)
            return loaded
        case .storageFaults(let mode):
            context.bucket.storageFaults?.set(StorageFaults.Mode(mode))
            ledger.mark("storage faults: \(mode.name)", at: context.clock.seconds)
            return 0
        case .verify:
            return try verify(step, context, &ledger)
        }
    }

    /// Open DCP stream sets are closed and verified first: their connections belong to the bucket
    /// that goes away. Returns the documents warmup loaded.
    private static func restart(kill: Bool, _ step: PhaseStep, _ context: RepetitionContext,
                                _ ledger: inout MeasurementLedger) throws(PhaseFailure) -> Int {
        for outcome in context.dcp.closeOpen() { try DcpPhases.record(outcome, step, context, &ledger) }
        let seqnos: [(highBefore: Int64, persistedAfter: Int64)]
        do {
            seqnos = try context.sampler.gate.withLock { _ in try context.engine.restart(kill: kill, persistenceTimeout: 300) }
        } catch {
            throw PhaseFailure(path: step.path, message: "restart: \(error)")
        }
        let lost = seqnos.reduce(0) { $0 + Int(max(0, $1.highBefore - $1.persistedAfter)) }
        // The new bucket's own counters are this warmup's.
        let loaded = context.bucket.stats.snapshot.warmupItems
        ledger.record(Metrics.restartWarmupItems, Double(loaded), step.path)
        ledger.record(Metrics.restartLostMutations, Double(lost), step.path)
        if !kill && lost > 0 {
            throw PhaseFailure(path: step.path, message: "a clean restart lost \(lost) mutation(s) that were persisted before it")
        }
        if let acknowledged = context.acknowledged {
            let forgotten = acknowledged.forgetUnpersisted(persisted: seqnos.map(\.persistedAfter))
            ledger.record(Metrics.restartUnverifiableKeys, Double(forgotten), step.path)
        }
        return loaded
    }

    /// Fails the phase when any acknowledged mutation is missing or stale.
    private static func verify(_ step: PhaseStep, _ context: RepetitionContext, _ ledger: inout MeasurementLedger) throws(PhaseFailure) -> Int {
        guard let acknowledged = context.acknowledged else { return 0 }
        let (checked, mismatches) = acknowledged.check(against: context.bucket)
        ledger.record(Metrics.verifyKeys, Double(checked), step.path)
        ledger.record(Metrics.verifyMismatches, Double(mismatches.count), step.path)
        guard mismatches.isEmpty else {
            throw PhaseFailure(path: step.path, message: "\(mismatches.count) of \(checked) acknowledged key(s) do not match, e.g. \(mismatches.prefix(3).joined(separator: "; "))")
        }
        return checked
    }
}

extension Phase.StorageFaults {
    /// As written in the workload (`disk_full`, `failing_writes 30%`), for markers.
    var name: String {
        switch self {
        case .none: "none"
        case .diskFull: "disk_full"
        case .failingWrites(let rate): "failing_writes \(NumberText.plain(rate * 100))%"
        }
    }
}

extension StorageFaults.Mode {
    init(_ phase: Phase.StorageFaults) {
        switch phase {
        case .none: self = .none
        case .diskFull: self = .diskFull
        case .failingWrites(let rate): self = .failingWrites(rate: rate)
        }
    }
}
