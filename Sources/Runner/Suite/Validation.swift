import Workload

/// `kvbench validate`: parses every file, prints each problem as `file:line:col: path: message`
/// and a one-line verdict per valid file. Returns the exit code (2 when any file is invalid).
public enum Validation {
    public static func run(paths: [String], progress: Progress = Progress()) -> Int32 {
        let files: [String]
        do throws(WorkloadError) {
            files = try WorkloadDiscovery.files(in: paths)
        } catch {
            progress.line("\(error)")
            return ExitCode.usage
        }
        let (workloads, errors) = WorkloadDiscovery.load(files)
        for workload in workloads where !errors.contains(where: { $0.file == workload.sourcePath }) {
            progress.line("ok: \(workload.sourcePath): \(workload.name), \(workload.phases.count) phases, \(workload.repetitions.count) repetitions")
        }
        errors.forEach { progress.line("\($0)") }
        return errors.isEmpty ? ExitCode.success : ExitCode.usage
    }
}
