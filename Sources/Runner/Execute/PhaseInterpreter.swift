import Results
import Workload

/// Runs phases: dispatches each to its family's file in `Phases/` and records what every phase
/// has in common — its record (start, end, operations) and `phase.<path>.<kind>.duration`.
/// Stateless apart from the shared context; `parallel` branches use the same interpreter on
/// their own threads with their own ledgers.
struct PhaseInterpreter: Sendable {
    let context: RepetitionContext

    func run(_ phase: Phase, _ step: PhaseStep, into ledger: inout MeasurementLedger) throws(PhaseFailure) {
        let start = context.clock.seconds
        let ops: Int
        switch phase {
        case .load(let load): ops = try LoadPhases.run(load, step, context, &ledger)
        case .checkpoint(let checkpoint): ops = CheckpointPhases.run(checkpoint, step, context, &ledger)
        case .persistence(let persistence): ops = try PersistencePhases.run(persistence, step, context, &ledger)
        case .dcp(let dcp): ops = try DcpPhases.run(dcp, step, context, &ledger)
        case .replay(let replay): ops = try ReplayPhase.run(replay, step, context, &ledger)
        case .lifecycle(let lifecycle): ops = try LifecyclePhases.run(lifecycle, step, context, &ledger)
        case .instrumentation(let instrumentation): ops = try InstrumentationPhases.run(instrumentation, step, context, &ledger)
        case .control(let control): ops = try ControlPhases.run(control, step, self, &ledger)
        }
        let end = context.clock.seconds
        ledger.recordPhase(PhaseRecord(index: step.topLevelIndex, kind: phase.kind, start: start, end: end, ops: ops,
                                       path: step.path.contains(".") ? step.path : nil))
        ledger.record(Metrics.phaseDuration, end - start, step.path, phase.kind)
    }
}
