import Results
import Workload

/// `persist`, `set_quota` and `evict`, and at the end of the run the figures of the last quota change.
enum PersistencePhases {
    static func run(_ phase: PersistencePhase, _ step: PhaseStep, _ context: RepetitionContext,
                    _ ledger: inout MeasurementLedger) throws(PhaseFailure) -> Int {
        let bucket = context.bucket
        switch phase {
        case .persist(let wait, let timeout):
            if wait && !bucket.waitForPersistence(timeout: timeout) {
                throw PhaseFailure(path: step.path, message: "persistence did not catch up within \(timeout)s")
            }
            return 0
        case .setQuota(let bytes):
            bucket.setQuota(bytes)
            ledger.mark("quota → \(Quantity.formatSize(Double(bytes)))", at: context.clock.seconds)
            return 0
        case .evict:
            return bucket.evictAllClean()
        }
    }

    /// Figures of the last quota change, if the workload made one; returns why they are missing
    /// when it had not converged.
    static func finish(_ context: RepetitionContext, _ ledger: inout MeasurementLedger) -> [String] {
        guard let change = context.bucket.quotaChanges.last else { return [] }
        guard let seconds = change.convergeSeconds, let atApply = change.statsAtApply else {
            return ["quota change to \(Quantity.formatSize(Double(change.to))) had not converged when the run ended: quota.change.* not reported"]
        }
        ledger.record(Metrics.quotaConvergeSeconds, seconds)
        ledger.record(Metrics.quotaTmpOOMErrors, Double(atApply.tmpOOMErrors - change.statsAtRequest.tmpOOMErrors))
        ledger.record(Metrics.quotaOOMErrors, Double(atApply.oomErrors - change.statsAtRequest.oomErrors))
        ledger.record(Metrics.quotaMemUsedPeak, Double(change.memUsedPeak))
        return []
    }
}
