#if canImport(Glibc)
import Glibc
#endif
@_spi(Testing) import Engine
import Results
import Workload

/// `dcp`, `dcp_wait` and `dcp_close`, and at the end of the run the backfill and consumer figures
/// over every stream set (with the raw-scan baseline backfill is compared with).
enum DcpPhases {
    static func run(_ phase: DcpPhase, _ step: PhaseStep, _ context: RepetitionContext,
                    _ ledger: inout MeasurementLedger) throws(PhaseFailure) -> Int {
        switch phase {
        case .open(let spec):
            context.dcp.add(DcpStreamSet(spec, bucket: context.bucket))
            ledger.mark("dcp \(spec.name)", at: context.clock.seconds)
        case .wait(let name, let timeout):
            guard let set = context.dcp.peek(name) else { return 0 }
            let deadline = context.clock.seconds + timeout
            while !set.isDone {
                if context.clock.seconds > deadline {
                    throw PhaseFailure(path: step.path,
                                       message: "DCP streams '\(name)' had not ended after \(timeout)s (\(set.consumer.itemsReceived) items received)")
                }
                usleep(5_000)
            }
            if let finished = context.dcp.take(name) { try record(finished.finish(), step, context, &ledger) }
        case .close(let name):
            if let set = context.dcp.take(name) { try record(set.finish(), step, context, &ledger) }
        case .drop(let name):
            try drop(name, step, context, &ledger)
        }
        return 0
    }

    /// Stops the set's connection threads and lets go of its producer without closing it; once
    /// released, the producer must have removed its cursors (a leak fails the repetition).
    private static func drop(_ name: String, _ step: PhaseStep, _ context: RepetitionContext,
                             _ ledger: inout MeasurementLedger) throws(PhaseFailure) {
        // The set is released when this closure returns: the producer goes with it.
        guard let prefix = { context.dcp.take(name)?.abandon() }() else { return }
        let bucket = context.bucket
        let left = (0..<bucket.numVBuckets).reduce(0) { $0 + bucket.vbucket($1).checkpointManager.cursorNames.filter { $0.hasPrefix(prefix) }.count }
        ledger.mark("dcp \(name) dropped", at: context.clock.seconds)
        context.dcp.recordDropped(cursorsLeft: left)
        guard left == 0 else {
            throw PhaseFailure(path: step.path, message: "producer '\(name)', released without close, left \(left) checkpoint cursor(s) behind")
        }
    }

    /// Keeps a finished set's outcome; a consumer that did not verify fails the repetition.
    static func record(_ outcome: DcpOutcome, _ step: PhaseStep, _ context: RepetitionContext,
                       _ ledger: inout MeasurementLedger) throws(PhaseFailure) {
        context.dcp.record(outcome)
        ledger.mark("dcp \(outcome.name) done", at: context.clock.seconds)
        guard outcome.failures.isEmpty else {
            throw PhaseFailure(path: step.path, message: "DCP consumer '\(outcome.name)' failed verification: \(outcome.failures.prefix(5).joined(separator: "; "))")
        }
    }

    /// End of the run: finishes the sets no phase closed, then reports over every set.
    static func finish(_ context: RepetitionContext, _ ledger: inout MeasurementLedger) throws(PhaseFailure) {
        let outcomes = context.dcp.finishAll()
        let dropped = context.dcp.cursorsLeftByDroppedProducers
        if !outcomes.isEmpty || dropped != nil {
            ledger.record(Metrics.runningBackfills, Double(context.bucket.runningBackfills))
            ledger.record(Metrics.cancelledBackfills, Double(context.bucket.backfillsCancelled))
        }
        if let dropped { ledger.record(Metrics.droppedProducerCursors, Double(dropped)) }
        guard !outcomes.isEmpty else { return }
        if let failed = outcomes.first(where: { !$0.failures.isEmpty }) {
            throw PhaseFailure(path: "end", message: "DCP consumer '\(failed.name)' failed verification: \(failed.failures.prefix(5).joined(separator: "; "))")
        }
        ledger.record(Metrics.consumerVerified, 1)
        ledger.record(Metrics.consumerItems, Double(outcomes.reduce(0) { $0 + $1.itemsReceived }))
        let items = outcomes.reduce(0) { $0 + $1.backfill.items }
        let bytes = outcomes.reduce(0) { $0 + $1.backfill.bytes }
        ledger.record(Metrics.backfillItems, Double(items))
        ledger.record(Metrics.backfillBytes, Double(bytes))
        ledger.record(Metrics.backfillRuns, Double(outcomes.reduce(0) { $0 + $1.backfill.runs }))
        ledger.record(Metrics.backfillSnoozes, Double(outcomes.reduce(0) { $0 + $1.backfill.snoozes }))
        ledger.record(Metrics.backfillBufferFullEvents, Double(outcomes.reduce(0) { $0 + $1.bufferFullEvents }))
        let starts = outcomes.compactMap(\.backfill.startedAt), ends = outcomes.compactMap(\.backfill.finishedAt)
        guard let start = starts.min(), let end = ends.max(), end > start, items > 0 else { return }
        let window = end - start
        ledger.record(Metrics.backfillDuration, window)
        ledger.record(Metrics.backfillItemRate, Double(items) / window)
        ledger.record(Metrics.backfillByteRate, Double(bytes) / window)
        let cpu = outcomes.reduce(0) { $0 + $1.backfill.cpuSeconds }
        ledger.record(Metrics.backfillCPUSeconds, cpu)
        ledger.record(Metrics.backfillCPUShare, cpu / window)
        let bucket = context.bucket
        let raw = bucket.measureRawScan(vbuckets: Array(0..<bucket.numVBuckets))
        guard raw.seconds > 0 else { return }
        let rawRate = Double(raw.bytes) / raw.seconds
        ledger.record(Metrics.rawScanByteRate, rawRate)
        // The ratio within one repetition: machine drift between repetitions cancels out.
        ledger.record(Metrics.rawScanRatio, Double(bytes) / window / rawRate)
    }
}
