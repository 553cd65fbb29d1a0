import Engine

/// Per-worker operation tallies; a phase adds its workers' up after joining them.
struct OperationCounts: Sendable {
    var sets = 0
    var gets = 0
    var deletes = 0
    var misses = 0
    /// Writes the engine refused because memory was short (ep-engine's ETMPFAIL / ENOMEM).
    var temporaryFailures = 0
    var outOfMemory = 0
    var errors = 0

    var total: Int { sets + gets + deletes + misses + temporaryFailures + outOfMemory + errors }

    mutating func add(_ other: OperationCounts) {
        sets += other.sets
        gets += other.gets
        deletes += other.deletes
        misses += other.misses
        temporaryFailures += other.temporaryFailures
        outOfMemory += other.outOfMemory
        errors += other.errors
    }

    /// A not-found is a miss, not an error: deletes and gets of absent keys are normal in a mix.
    mutating func count(_ result: Result<Void, EngineError>, as success: WritableKeyPath<OperationCounts, Int>) {
        switch result {
        case .success: self[keyPath: success] += 1
        case .failure(.keyNotFound): misses += 1
        case .failure(.temporaryFailure): temporaryFailures += 1
        case .failure(.outOfMemory): outOfMemory += 1
        case .failure: errors += 1
        }
    }
}
