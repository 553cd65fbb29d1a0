import Foundation
import Results

/// A release build of one git revision in a temporary worktree of its own, with its own scratch
/// path. The worktree is removed by `remove`; one left behind by a killed run is pruned by git
/// once its directory is gone, and `init` prunes before adding.
struct RevisionBuild {
    let commit: String
    let worktree: String
    let side: SuiteSide

    var shortCommit: String { String(commit.prefix(12)) }

    init(_ reference: String, progress: ProgressLog) throws(RevisionRunner.Failure) {
        guard let commit = Git.resolve(reference) else { throw RevisionRunner.Failure(description: "\(reference) is not a git revision") }
        self.commit = commit
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kvbench-worktree-\(commit.prefix(12))-", isDirectory: true)
        var template = Array((parent.path + "XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw RevisionRunner.Failure(description: "cannot create a temporary directory for \(reference)")
        }
        worktree = String(cString: made)
        _ = Git.run(["worktree", "prune"])
        progress.line("build: checking out \(reference) (\(commit.prefix(12))) in \(worktree)")
        guard Git.run(["worktree", "add", "--force", "--detach", worktree, commit]) != nil else {
            try? FileManager.default.removeItem(atPath: worktree)
            throw RevisionRunner.Failure(description: "git worktree add failed for \(reference)")
        }
        let scratch = worktree + "/.build-kvbench"
        side = SuiteSide(executable: scratch + "/release/kvbench", directory: worktree)
        progress.line("build: building \(commit.prefix(12)) (release, scratch path \(scratch))")
        guard Self.execute("/usr/bin/env", ["swift", "build", "-c", "release", "--product", "kvbench", "--package-path", worktree,
                                            "--scratch-path", scratch], in: worktree) == 0 else {
            remove(progress: progress)
            throw RevisionRunner.Failure(description: "building \(reference) failed (see the output above)")
        }
    }

    /// Removes the worktree and its build, and the lock files SwiftPM left for its scratch path
    /// in the temporary directory (named after the path, `/` as `_`).
    func remove(progress: ProgressLog) {
        if Git.run(["worktree", "remove", "--force", worktree]) == nil {
            try? FileManager.default.removeItem(atPath: worktree)
            _ = Git.run(["worktree", "prune"])
        }
        let temporary = FileManager.default.temporaryDirectory.path
        let prefix = worktree.replacingOccurrences(of: "/", with: "_")
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where entry.hasPrefix(prefix) {
            try? FileManager.default.removeItem(atPath: temporary + "/" + entry)
        }
        progress.line("build: removed worktree \(worktree)")
    }

    /// Runs a command with its standard output sent to standard error (standard output carries
    /// only the comparison); returns its exit status.
    static func execute(_ executable: String, _ arguments: [String], in directory: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.standardError
        do { try process.run() } catch { return 127 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
