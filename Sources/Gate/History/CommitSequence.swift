import Foundation
import ResultIndex
import Results

/// The commits a history runs over, oldest first: a branch's first-parent history as git knows it
/// (so a commit without results shows as a gap), cut to the commits from the first to the last
/// one with results; or, where git does not know the branch (results copied from elsewhere), the
/// commits the index holds for it in the order their results were made — gaps then cannot be seen.
/// The same holds where git's branch of that name has no commit with results.
public struct CommitSequence: Sendable, Equatable {
    public var branch: String
    /// Full commit ids, oldest first.
    public var commits: [String]
    /// Whether the order (and the gaps) come from git.
    public var fromGit: Bool
    /// Newer commits of the branch without results, left out of `commits`.
    public var untestedNewer: Int

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The sequence for `branch` (default: git's current branch, else the index's only branch) or
    /// for a git revision range.
    public static func resolve(branch: String?, range: String?, index: ResultIndex) throws(Failure) -> CommitSequence {
        if let range {
            guard let listing = Git.run(["rev-list", "--first-parent", "--reverse", range]) else {
                throw Failure(description: "git does not know the range \(range)")
            }
            return try trimmed(branch: range, commits: lines(listing), index: index)
        }
        let name: String
        if let branch { name = branch } else { name = try defaultBranch(index) }
        var gitFailure: Failure?
        if let listing = Git.run(["rev-list", "--first-parent", "--reverse", name, "--"]) {
            // Git's branch of that name may be another history than the results' (results copied
            // from elsewhere): then the results' own order is the history.
            do throws(Failure) { return try trimmed(branch: name, commits: lines(listing), index: index) } catch { gitFailure = error }
        }
        let sets: [IndexedSet]
        do throws(IndexError) { sets = try index.sets(SetQuery(branch: name)) } catch { throw Failure(description: "\(error)") }
        var seen = Set<String>()
        let commits = sets.map(\.commit).filter { seen.insert($0).inserted }
        guard !commits.isEmpty else { throw gitFailure ?? Failure(description: "no results of branch \(name) under \(index.root.path)") }
        return CommitSequence(branch: name, commits: commits, fromGit: false, untestedNewer: 0)
    }

    private static func defaultBranch(_ index: ResultIndex) throws(Failure) -> String {
        if let current = Git.run(["rev-parse", "--abbrev-ref", "HEAD"]), current != "HEAD" { return current }
        let branches: [(branch: String, sets: Int)]
        do throws(IndexError) { branches = try index.branches() } catch { throw Failure(description: "\(error)") }
        guard branches.count == 1 else {
            throw Failure(description: "say which branch with --branch; the results hold "
                          + (branches.isEmpty ? "none" : branches.map { "\($0.branch) (\($0.sets) result sets)" }.joined(separator: ", ")))
        }
        return branches[0].branch
    }

    /// `commits` from the first to the last one with results.
    private static func trimmed(branch: String, commits: [String], index: ResultIndex) throws(Failure) -> CommitSequence {
        let tested: Set<String>
        do throws(IndexError) {
            tested = Set(try index.sets(SetQuery(commits: commits)).map(\.commit))
        } catch {
            throw Failure(description: "\(error)")
        }
        guard let first = commits.firstIndex(where: tested.contains), let last = commits.lastIndex(where: tested.contains) else {
            throw Failure(description: "no commit of \(branch) (\(commits.count) commits) has results under \(index.root.path)")
        }
        return CommitSequence(branch: branch, commits: Array(commits[first...last]), fromGit: true, untestedNewer: commits.count - 1 - last)
    }

    private static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }
}
