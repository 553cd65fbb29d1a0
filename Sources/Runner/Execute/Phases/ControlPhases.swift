#if canImport(Glibc)
import Glibc
#endif
import Results
import Workload

/// `wait`, `sleep` and `parallel`.
enum ControlPhases {
    static func run(_ phase: ControlPhase, _ step: PhaseStep, _ interpreter: PhaseInterpreter,
                    _ ledger: inout MeasurementLedger) throws(PhaseFailure) -> Int {
        switch phase {
        case .wait(let condition, let timeout):
            try wait(until: condition, timeout: timeout, step, interpreter.context)
        case .sleep(let seconds):
            usleep(UInt32(min(seconds, 4000) * 1e6))
        case .parallel(let branches):
            try runParallel(branches, step, interpreter, &ledger)
        }
        return 0
    }

    private static func wait(until condition: WaitCondition, timeout: Double, _ step: PhaseStep,
                             _ context: RepetitionContext) throws(PhaseFailure) {
        let deadline = context.clock.seconds + timeout
        let bucket = context.bucket
        while !condition.evaluate({ EngineGauges.value($0, of: bucket) }) {
            if context.clock.seconds > deadline {
                let values = condition.gauges.sorted { $0.rawValue < $1.rawValue }
                    .map { "\($0.rawValue) = \(NumberText.plain(EngineGauges.value($0, of: bucket)))" }
                throw PhaseFailure(path: step.path, message: "'\(condition)' still false after \(timeout)s (\(values.joined(separator: ", ")))")
            }
            usleep(10_000)
        }
    }

    /// Runs every branch on its own thread with an empty ledger, then merges what they measured.
    private static func runParallel(_ branches: [[Phase]], _ step: PhaseStep, _ interpreter: PhaseInterpreter,
                                    _ ledger: inout MeasurementLedger) throws(PhaseFailure) {
        let outcomes = WorkerThreads.run(count: branches.count, name: "kvb-branch") { branch -> Result<MeasurementLedger, PhaseFailure> in
            var measured = MeasurementLedger()
            for (index, phase) in branches[branch].enumerated() {
                let nested = PhaseStep(path: "\(step.path).\(branch).\(index)", seed: step.seed * 1000 + branch * 100 + index)
                do throws(PhaseFailure) {
                    try interpreter.run(phase, nested, into: &measured)
                } catch {
                    return .failure(error)
                }
            }
            return .success(measured)
        }
        for outcome in outcomes {
            switch outcome {
            case .success(let branch): ledger.merge(branch)
            case .failure(let failure): throw failure
            }
        }
    }
}
