import Foundation
import Results

/// `--run-missing` and `--interleave`: gives git revisions results by building each in a
/// temporary worktree (its own scratch path, so the current build is untouched) and running
/// workloads there with that revision's own kvbench. Worktrees are removed when done; stale ones
/// (a run killed before it could remove them) are pruned before the next is added. Builds and
/// runs write to standard error only: standard output carries the comparison alone.
public enum RevisionRunner {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Produces results for `reference` unless it is a directory or already has results.
    public static func ensureResults(for reference: String, workloads: [String], resultsRoot: String, quick: Bool) throws(Failure) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory), isDirectory.boolValue { return }
        do throws(ResultError) {
            _ = try ResultSet.locate(reference, root: URL(fileURLWithPath: resultsRoot, isDirectory: true))
        } catch {
            try produceResults(for: reference, workloads: workloads, resultsRoot: resultsRoot, quick: quick)
        }
    }

    /// Builds `reference` and runs `workloads` (paths valid from here) into `resultsRoot`.
    public static func produceResults(for reference: String, workloads: [String], resultsRoot: String, quick: Bool,
                                      progress: ProgressLog = ProgressLog()) throws(Failure) {
        let build = try RevisionBuild(reference, progress: progress)
        defer { build.remove(progress: progress) }
        let absoluteWorkloads = workloads.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let absoluteRoot = URL(fileURLWithPath: resultsRoot).standardizedFileURL.path
        progress.line("run-missing: running \(absoluteWorkloads.joined(separator: " ")) at \(reference)")
        let status = RevisionBuild.execute(build.side.executable,
                                           ["run"] + absoluteWorkloads + ["--results", absoluteRoot] + (quick ? ["--quick"] : []),
                                           in: build.worktree)
        guard status == 0 || status == ExitStatus.runFailure.rawValue else {
            throw Failure(description: "kvbench at \(reference) exited with status \(status)")
        }
    }

    /// `--interleave`: builds both revisions, runs their repetitions alternately, each side into
    /// a results root of its own under `<resultsRoot>/interleaved/` (so `HEAD HEAD` is an A/A
    /// check), and returns the two result directories to compare.
    public static func interleave(_ references: [String], workloads: [String], resultsRoot: String, quick: Bool,
                                  sinks: (URL) -> any ResultSink, progress: ProgressLog = ProgressLog()) throws(Failure) -> [String] {
        var builds: [RevisionBuild] = []
        var unique: [String: RevisionBuild] = [:]
        defer { for build in unique.values { build.remove(progress: progress) } }
        for reference in references {
            // One build per commit: `HEAD HEAD` runs the same binary on both sides.
            if let commit = Git.resolve(reference), let built = unique[commit] {
                builds.append(built)
                continue
            }
            let build = try RevisionBuild(reference, progress: progress)
            unique[build.commit] = build
            builds.append(build)
        }
        let root = URL(fileURLWithPath: resultsRoot, isDirectory: true).appendingPathComponent("interleaved", isDirectory: true)
            .appendingPathComponent(builds.map(\.shortCommit).joined(separator: "-vs-") + "-" + timestamp(), isDirectory: true)
        let roles = references.count == 2 ? ["base", "candidate"] : references.indices.map { "side\($0 + 1)" }
        let sides = zip(builds, roles).map { build, role in
            SuiteSide(executable: build.side.executable, directory: build.side.directory, resultsRoot: root.appendingPathComponent(role).path)
        }
        progress.line("interleave: results under \(root.path)")
        try runInterleaved(sides, workloads: workloads, quick: quick,
                           command: ["kvbench", "compare", "--interleave"] + references, sinks: sinks, progress: progress)
        return try sides.map { side throws(Failure) in try resultDirectory(under: side.resultsRoot!) }
    }

    /// An A/A pair: runs `workloads` twice with this build, repetition by repetition in turn, into
    /// `<root>/a` and `<root>/b`; returns the two result directories.
    public static func runAgainstItself(workloads: [String], root: URL, quick: Bool, repetitions: Int?, command: [String],
                                        sinks: (URL) -> any ResultSink, progress: ProgressLog) throws(Failure) -> [String] {
        guard let executable = Executable.current else { throw Failure(description: "cannot locate the kvbench executable") }
        let sides = ["a", "b"].map { SuiteSide(executable: executable, directory: nil, resultsRoot: root.appendingPathComponent($0).path) }
        try runInterleaved(sides, workloads: workloads, quick: quick, repetitions: repetitions, command: command, sinks: sinks,
                           progress: progress)
        return try sides.map { side throws(Failure) in try resultDirectory(under: side.resultsRoot!) }
    }

    /// Now in UTC as `20261128T193020`: names a directory of runs made together.
    public static func timestamp() -> String {
        ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withYear, .withMonth, .withDay, .withTime])
    }

    /// The result set a run wrote under a root of its own: its only directory.
    static func resultDirectory(under root: String) throws(Failure) -> String {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let directories = entries.filter { entry in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + entry, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        guard directories.count == 1 else {
            throw Failure(description: "expected one result set under \(root), found \(directories.count)")
        }
        return root + "/" + directories[0]
    }

    /// Runs `workloads` on `sides` repetition by repetition in turn, publishing each side's
    /// results under its own root.
    public static func runInterleaved(_ sides: [SuiteSide], workloads: [String], quick: Bool, repetitions: Int? = nil, command: [String],
                                      sinks: (URL) -> any ResultSink, progress: ProgressLog) throws(Failure) {
        var options = SuiteOptions(paths: workloads, repetitions: repetitions, warmup: nil, resultsRoot: sides[0].resultsRoot!,
                                   quick: quick, command: command)
        options.sides = sides
        let status = SuiteRunner.run(options, sinks: sinks, progress: progress)
        guard status == .success || status == .runFailure else {
            throw Failure(description: "the interleaved run exited with status \(status.rawValue)")
        }
    }
}
