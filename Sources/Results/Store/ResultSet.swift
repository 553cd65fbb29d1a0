import Foundation

/// The results of one revision or directory: every workload's `run.json`. Found by directory
/// (a commit directory, a workload directory, or a results root with one commit in it) or by git
/// revision (any commit-ish, resolved with `git rev-parse` to `<root>/<commit12>[-dirty]`).
public struct ResultSet: Sendable {
    public var label: String
    public var runs: [String: RunResult]
    /// Result files that could not be read (each error names its file): skipped, so that one bad
    /// file does not hide the others, and reported by every reader.
    public var unreadable: [String]
    /// The directory the sets were read from (a commit's, or a single set's).
    public var directory: URL?

    public init(label: String, runs: [String: RunResult], unreadable: [String] = [], directory: URL? = nil) {
        self.label = label
        self.runs = runs
        self.unreadable = unreadable
        self.directory = directory
    }

    /// Loads every `run.json` in `directory` (itself, or one level down; names starting with `.`
    /// — staged or retired sets, locks — are not results). Unreadable files are skipped and
    /// listed; when none can be read, the first problem is the error.
    public static func load(directory: URL, label: String? = nil) throws(ResultError) -> ResultSet {
        let fileManager = FileManager.default
        var files: [URL] = []
        let direct = directory.appendingPathComponent(ResultStore.runFileName)
        if fileManager.fileExists(atPath: direct.path) {
            files = [direct]
        } else {
            let entries = ((try? fileManager.contentsOfDirectory(atPath: directory.path)) ?? []).filter { !$0.hasPrefix(".") }
            files = entries.sorted().map { directory.appendingPathComponent($0).appendingPathComponent(ResultStore.runFileName) }
                .filter { fileManager.fileExists(atPath: $0.path) }
        }
        if files.isEmpty, let only = singleSubdirectory(of: directory) {
            // A results root holding one commit's results.
            return try load(directory: only, label: label ?? directory.lastPathComponent)
        }
        guard !files.isEmpty else { throw .io(path: directory.path, reason: "no run.json here or in its subdirectories") }
        var runs: [String: RunResult] = [:]
        var problems: [ResultError] = []
        for file in files {
            do throws(ResultError) {
                let run = try ResultStore.load(file)
                runs[run.workload.name] = run
            } catch {
                problems.append(error)
            }
        }
        if runs.isEmpty, let first = problems.first { throw first }
        return ResultSet(label: label ?? directory.lastPathComponent, runs: runs, unreadable: problems.map(\.description), directory: directory)
    }

    private static func singleSubdirectory(of directory: URL) -> URL? {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { !$0.hasPrefix(".") }
        guard entries.count == 1 else { return nil }
        let child = directory.appendingPathComponent(entries[0], isDirectory: true)
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: child.path, isDirectory: &isDirectory) && isDirectory.boolValue ? child : nil
    }

    /// A directory if `reference` names one, else a git revision under `root`.
    public static func locate(_ reference: String, root: URL) throws(ResultError) -> ResultSet {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory), isDirectory.boolValue {
            return try load(directory: URL(fileURLWithPath: reference, isDirectory: true), label: reference)
        }
        guard let commit = Git.resolve(reference) else {
            throw .io(path: reference, reason: "neither a results directory nor a git revision")
        }
        let short = String(commit.prefix(12))
        let present = [short, short + "-dirty"].filter { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) }
        return try load(commit: commit, reference: reference, root: root, available: Set(present))
    }

    /// The result set of `commit` among the commit directories `available` under `root` (found
    /// on disk or in the result index): `<commit12>`, or `<commit12>-dirty` — first when
    /// `commit` is HEAD of a checkout with uncommitted changes, which is what that set holds.
    public static func load(commit: String, reference: String, root: URL, available: Set<String>) throws(ResultError) -> ResultSet {
        let short = String(commit.prefix(12))
        let dirtyHead = commit == Git.resolve("HEAD") && Git.hasUncommittedChanges()
        for candidate in dirtyHead ? [short + "-dirty", short] : [short, short + "-dirty"] where available.contains(candidate) {
            let note = dirtyHead && !candidate.hasSuffix("-dirty") ? ": the tree has uncommitted changes, these results are of the commit" : ""
            return try load(directory: root.appendingPathComponent(candidate, isDirectory: true), label: "\(reference) (\(candidate)\(note))")
        }
        throw .io(path: root.appendingPathComponent(short).path, reason: "no results for \(reference) (\(short)); run `kvbench run` at that commit")
    }
}
