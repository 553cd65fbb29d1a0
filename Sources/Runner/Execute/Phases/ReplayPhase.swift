#if canImport(Glibc)
import Glibc
#endif
import Results
import Workload

/// `replay`: a key-value trace, on this thread, in order.
enum ReplayPhase {
    /// Each row `count` times; values are generated at the traced size. Afterwards every key the
    /// replayed rows touched must be present exactly when its last set came after its last
    /// delete. With `duration:` the replay stops at the first row due after it.
    static func run(_ replay: Phase.Replay, _ step: PhaseStep, _ context: RepetitionContext,
                    _ ledger: inout MeasurementLedger) throws(PhaseFailure) -> Int {
        let start = context.clock.seconds
        let operations: [TraceOperation]
        do {
            operations = try TraceReader.read(replay.file, format: replay.format)
        } catch {
            throw PhaseFailure(path: step.path, message: "reading \(replay.file): \(error)")
        }
        var counts = OperationCounts()
        var latencies = OperationLatencies()
        var random = RandomSource.stream(seed: context.workload.seed, phase: step.topLevelIndex, worker: 0)
        let largest = max(1, operations.map(\.valueSize).max() ?? 1)
        let value = ValueBytes(size: largest, random: &random)
        var readBuffer = [UInt8](repeating: 0, count: largest)
        let target = context.engineTarget
        var live: [String: Bool] = [:]
        var perKind: [TraceOperation.Kind: Int] = [:]
        var rows = 0
        let deadline = replay.duration.map { start + $0 } ?? .infinity
        for operation in operations {
            if case .paced(let speedup) = replay.timing {
                let wait = min(start + operation.time / speedup, deadline) - context.clock.seconds
                if wait > 0 { usleep(UInt32(min(wait, 60) * 1e6)) }
            }
            guard context.clock.seconds < deadline else { break }
            rows += 1
            for _ in 0..<operation.count {
                let begin = OperationLatencies.now()
                switch operation.kind {
                case .get:
                    counts.count(readBuffer.withUnsafeMutableBytes { target.get(operation.key, into: $0) }, as: \.gets)
                case .set:
                    let result = value.set(operation.key, size: operation.valueSize, expiry: operation.ttl, into: target)
                    counts.count(result, as: \.sets)
                    if case .success = result { live[operation.key] = true }
                case .delete:
                    let result = target.delete(operation.key)
                    counts.count(result, as: \.deletes)
                    if case .success = result { live[operation.key] = false }
                    if case .failure(.keyNotFound) = result { live[operation.key] = false }
                }
                latencies.record(operation.kind.rawValue, since: begin)
                perKind[operation.kind, default: 0] += 1
            }
        }
        for kind in [TraceOperation.Kind.get, .set, .delete] {
            ledger.record(Metrics.replayOperations, Double(perKind[kind] ?? 0), step.path, kind.rawValue)
        }
        ledger.record(Metrics.replayRows, Double(rows), step.path)
        if replay.duration != nil { ledger.record(Metrics.phaseOperations, Double(counts.total), step.path, "replay") }
        let mismatched = live.filter { key, expected in ((try? context.bucket.get(key)) != nil) != expected }.map(\.key)
        guard mismatched.isEmpty else {
            throw PhaseFailure(path: step.path, message: "after replay \(mismatched.count) key(s) disagree with the trace, e.g. \(mismatched.sorted()[0])")
        }
        ledger.record(Metrics.replayLiveKeys, Double(live.values.filter { $0 }.count), step.path)
        LoadPhases.recordFrontEnd(counts, latencies, since: start, step, kind: "replay", context, &ledger)
        return counts.total
    }
}
