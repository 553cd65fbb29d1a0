import ArgumentParser
import Runner
import Results
import Workload

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check workload files without running them.",
        discussion: """
        Prints every problem as file:line:col: path: message and exits 2 if any file is invalid. A workload
        with a matrix: is checked at every point; a point's errors name its parameters.
        Examples:
          kvbench validate workloads/*.yaml
          kvbench validate workloads/sweeps/ --set engine.quota=64MiB
        """
    )

    @Argument(help: ArgumentHelp("Workload files or directories.", valueName: "files"))
    var paths: [String]

    @OptionGroup var overrides: OverrideOptions

    func run() throws {
        let progress = ProgressLog()
        let files: [String]
        do throws(WorkloadError) {
            files = try WorkloadDiscovery.files(in: paths)
        } catch {
            progress.line("\(error)")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let (workloads, errors) = WorkloadDiscovery.load(files, overrides: try overrides.overrides())
        for workload in workloads where !errors.contains(where: { $0.file == workload.sourcePath }) {
            progress.line("ok: \(workload.sourcePath): \(workload.name), \(workload.phases.count) phases, \(workload.repetitions.count) repetitions")
        }
        errors.forEach { progress.line("\($0)") }
        if !errors.isEmpty { throw ExitCode(ExitStatus.usage.rawValue) }
    }
}
