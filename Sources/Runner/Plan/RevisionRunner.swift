import Foundation
import Results

/// `--run-missing`: gives a git revision results by building it in a temporary worktree (its own
/// scratch path, so the current build is untouched) and running workloads there with that
/// revision's own kvbench. Results land under the shared results root as `<commit12>/`.
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
        let side = try build(reference, progress: progress)
        let absoluteWorkloads = workloads.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let absoluteRoot = URL(fileURLWithPath: resultsRoot).standardizedFileURL.path
        progress.line("run-missing: running \(absoluteWorkloads.joined(separator: " ")) at \(reference)")
        let status = execute(side.executable, ["run"] + absoluteWorkloads + ["--results", absoluteRoot] + (quick ? ["--quick"] : []),
                             in: side.directory!)
        guard status == 0 || status == 3 else { throw Failure(description: "kvbench at \(reference) exited with status \(status)") }
    }

    /// `--interleave`: builds both revisions, then runs their repetitions alternately, handing
    /// the results to `sink`.
    public static func interleave(_ references: [String], workloads: [String], resultsRoot: String, quick: Bool, sink: any ResultSink,
                                  progress: ProgressLog = ProgressLog()) throws(Failure) {
        var sides: [SuiteSide] = []
        for reference in references { sides.append(try build(reference, progress: progress)) }
        var options = SuiteOptions(paths: workloads, repetitions: nil, warmup: nil, resultsRoot: resultsRoot, quick: quick,
                                   command: ["kvbench", "compare", "--interleave"] + references)
        options.sides = sides
        let status = SuiteRunner.run(options, sink: sink, progress: progress)
        guard status == .success || status == .runFailure else {
            throw Failure(description: "the interleaved run exited with status \(status.rawValue)")
        }
    }

    /// A release build of `reference` in its own worktree and scratch path.
    static func build(_ reference: String, progress: ProgressLog) throws(Failure) -> SuiteSide {
        guard let commit = Git.resolve(reference) else { throw Failure(description: "\(reference) is not a git revision") }
        let short = String(commit.prefix(12))
        let worktree = FileManager.default.temporaryDirectory.appendingPathComponent("kvbench-worktree-\(short)").path
        if !FileManager.default.fileExists(atPath: worktree) {
            progress.line("run-missing: checking out \(reference) (\(short)) in \(worktree)")
            guard Git.run(["worktree", "add", "--detach", worktree, commit]) != nil else {
                throw Failure(description: "git worktree add failed for \(reference)")
            }
        }
        let scratch = worktree + "/.build-kvbench"
        progress.line("run-missing: building \(short) (release, scratch path \(scratch))")
        guard execute("/usr/bin/env", ["swift", "build", "-c", "release", "--product", "kvbench", "--package-path", worktree,
                                       "--scratch-path", scratch], in: worktree) == 0 else {
            throw Failure(description: "building \(reference) failed (see the output above)")
        }
        return SuiteSide(executable: scratch + "/release/kvbench", directory: worktree)
    }

    /// Runs a command with inherited output; returns its exit status.
    static func execute(_ executable: String, _ arguments: [String], in directory: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return 127 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
