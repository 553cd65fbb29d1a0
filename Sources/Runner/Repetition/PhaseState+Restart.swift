import Engine
import Workload

/// The reliability phases: `restart` (clean or killed, then warmup), `storage_faults` and `verify`.
extension PhaseState {
    /// Open DCP stream sets are closed and verified first: their connections belong to the bucket
    /// that goes away. Returns the documents warmup loaded.
    mutating func restart(kill: Bool, path: String) throws(PhaseFailure) -> Int {
        for outcome in dcp.closeOpen() { try record(outcome, path: path) }
        let seqnos: [(highBefore: Int64, persistedAfter: Int64)]
        do {
            seqnos = try sampler.gate.withLock { _ in try engine.restart(kill: kill, persistenceTimeout: 300) }
        } catch {
            throw PhaseFailure(path: path, message: "restart: \(error)")
        }
        let lost = seqnos.reduce(0) { $0 + Int(max(0, $1.highBefore - $1.persistedAfter)) }
        // The new bucket's own counters are this warmup's.
        let loaded = bucket.stats.snapshot.warmupItems
        add("phase.\(path).restart.warmup.items", "items", .higherIsBetter, Double(loaded))
        add("phase.\(path).restart.lost_mutations", "items", .lowerIsBetter, Double(lost))
        if !kill && lost > 0 {
            throw PhaseFailure(path: path, message: "a clean restart lost \(lost) mutation(s) that were persisted before it")
        }
        if let acknowledged {
            let forgotten = acknowledged.forgetUnpersisted(persisted: seqnos.map(\.persistedAfter))
            add("phase.\(path).restart.keys_unverifiable", "keys", .lowerIsBetter, Double(forgotten))
        }
        return loaded
    }

    /// Fails the phase when any acknowledged mutation is missing or stale.
    mutating func verify(path: String) throws(PhaseFailure) -> Int {
        guard let acknowledged else { return 0 }
        let (checked, mismatches) = acknowledged.check(against: bucket)
        add("phase.\(path).verify.keys", "keys", .higherIsBetter, Double(checked))
        add("phase.\(path).verify.mismatches", "keys", .lowerIsBetter, Double(mismatches.count))
        guard mismatches.isEmpty else {
            throw PhaseFailure(path: path, message: "\(mismatches.count) of \(checked) acknowledged key(s) do not match, e.g. \(mismatches.prefix(3).joined(separator: "; "))")
        }
        return checked
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
