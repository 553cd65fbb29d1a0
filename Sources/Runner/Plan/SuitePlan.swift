import Results
import Workload

/// One workload as the suite will run it: its place in the run and how many repetitions.
struct PlannedWorkload: Sendable {
    let workload: Workload
    /// 1-based position and the number of workloads, for progress lines.
    let position: Int
    let total: Int
    let count: Int
    let warmup: Int

    var label: String { "[\(position)/\(total)] \(workload.name)" }

    /// The request for repetition `index` of this workload.
    func request(index: Int, options: SuiteOptions, profileDirectory: String?, parent: Int32) -> RepetitionRequest {
        RepetitionRequest(workload: .init(path: workload.sourcePath, text: workload.sourceText, overrides: workload.overrides,
                                          point: workload.matrixPoint), index: index, warmup: index < warmup,
                          quick: options.quick, verifyDomains: options.verifyDomains,
                          profile: options.profile.flatMap { kind in profileDirectory.map { .init(kind: kind, directory: $0) } },
                          parent: parent)
    }
}

/// The first stage of a run: which workloads, in which order, with how many repetitions.
/// Discovers the files, parses every one (all errors reported before anything runs), applies the
/// default-suite rule and the shard. Pure apart from reading the workload files.
enum SuitePlanner {
    struct Plan {
        var workloads: [PlannedWorkload]
        /// Workloads left out because they are not in the default suite (`default_suite: false`).
        var skipped: [Workload]
    }

    /// The plan, or every problem found (each `file:line:col: path: message`).
    static func plan(_ options: SuiteOptions) -> Result<Plan, PlanErrors> {
        let files: [String]
        do throws(WorkloadError) {
            files = try WorkloadDiscovery.files(in: options.paths)
        } catch {
            return .failure(PlanErrors(messages: ["\(error)"]))
        }
        let (loaded, errors) = WorkloadDiscovery.load(files, overrides: options.overrides)
        guard errors.isEmpty else { return .failure(PlanErrors(messages: errors.map(\.description))) }
        let (chosen, skipped) = WorkloadDiscovery.selectForRun(loaded, paths: options.paths)
        let selected = WorkloadDiscovery.select(chosen, options.selection)
        guard !selected.isEmpty || options.selection.isEmpty else {
            return .failure(PlanErrors(messages: ["--filter, --skip and --tag leave none of the \(chosen.count) workload(s) to run"]))
        }
        let sharded = options.shard.map { shard in
            selected.enumerated().filter { shard.selects($0.offset) }.map(\.element)
        } ?? selected
        let planned = sharded.enumerated().map { offset, workload in
            let counts = options.counts(for: (workload.repetitions.count, workload.repetitions.warmup))
            return PlannedWorkload(workload: workload, position: offset + 1, total: sharded.count, count: counts.count, warmup: counts.warmup)
        }
        return .success(Plan(workloads: planned, skipped: skipped))
    }

    struct PlanErrors: Error {
        var messages: [String]
    }
}
