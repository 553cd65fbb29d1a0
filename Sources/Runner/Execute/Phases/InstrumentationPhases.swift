import MemoryTracking
import Results
import Workload

/// `domain_tracking`, `switch_cost` and `tool_timings` — what measuring costs, and kvbench's own
/// speed — and `stats` (see `StatsPhase`).
enum InstrumentationPhases {
    static func run(_ phase: InstrumentationPhase, _ step: PhaseStep, _ context: RepetitionContext,
                    _ ledger: inout MeasurementLedger) throws(PhaseFailure) -> Int {
        switch phase {
        case .domainTracking(let enabled):
            MemoryDomain.setTracking(enabled)
            if !enabled { ledger.trackingPaused(by: step.path) }
            ledger.mark(enabled ? "tracking on" : "tracking off", at: context.clock.seconds)
            return 0
        case .switchCost(let switches):
            ledger.record(Metrics.switchCost, switchCost(switches))
            return switches
        case .toolTimings(let directory):
            let figures: ToolTimings.Figures
            do {
                figures = try ToolTimings.measure(workloads: directory, executable: Executable.current ?? "kvbench",
                                                  historyCommits: context.quick ? ToolTimings.storeCommits / 10 : ToolTimings.storeCommits,
                                                  renderReports: context.services.renderReports)
            } catch {
                throw PhaseFailure(path: step.path, message: "\(error)")
            }
            ledger.record(Metrics.toolSeconds, figures.startupSeconds, "startup")
            ledger.record(Metrics.toolSeconds, figures.indexReadSeconds, "index_read")
            for figure in figures.timed {
                ledger.record(Metrics.toolSeconds, figure.seconds, figure.name)
                ledger.record(Metrics.toolBudgetRatio, figure.seconds / figure.budget, figure.name)
                if let ratio = figure.indexRatio { ledger.record(Metrics.toolIndexRatio, ratio, figure.name) }
            }
            return 0
        case .stats(let spec):
            return try StatsPhase.run(spec, step, context, &ledger)
        }
    }

    /// Times `switches` domain switches (a Primary guard entered and left, as every engine entry
    /// point does) on this thread; nanoseconds per switch.
    static func switchCost(_ switches: Int) -> Double {
        var sink = 0
        let started = OperationLatencies.now()
        for index in 0..<switches {
            sink &+= DomainGuard.run(.primary) { index & 1 }
        }
        let elapsed = OperationLatencies.now() - started
        precondition(sink >= 0)
        return Double(elapsed) / Double(switches) / 2
    }
}
