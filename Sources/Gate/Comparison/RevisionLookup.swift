import Foundation
import ResultIndex
import Results

/// Finds the result set a comparison names: a directory as given, or a revision through the
/// result index — which knows every commit directory under the root, so an abbreviated commit
/// that git cannot resolve here (results copied from another clone) is found too, when it is
/// unambiguous. Without a usable index the directories are looked up directly.
public enum RevisionLookup {
    public static func locate(_ reference: String, root: URL) throws(ResultError) -> ResultSet {
        var isDirectory: ObjCBool = false
        let isResultsDirectory = FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory) && isDirectory.boolValue
        guard !isResultsDirectory, let index = try? ResultIndex(root: root), (try? index.synchronize()) != nil else {
            return try ResultSet.locate(reference, root: root)
        }
        let commit: String
        if let resolved = Git.resolve(reference) {
            commit = resolved
        } else {
            let matches = reference.count >= 4 && reference.allSatisfy(\.isHexDigit) ? ((try? index.commits(startingWith: reference)) ?? []) : []
            guard matches.count == 1 else {
                let reason = matches.isEmpty ? "neither a results directory nor a git revision"
                    : "an ambiguous commit: \(matches.map { String($0.prefix(12)) }.joined(separator: ", ")) have results"
                throw .io(path: reference, reason: reason)
            }
            commit = matches[0]
        }
        // By directory name, the layout's key: a set copied in under a commit's name is found as it is on disk.
        let short = String(commit.prefix(12))
        let sets = (try? index.sets(SetQuery(commitDirectories: [short, short + "-dirty"], includeDirty: true))) ?? []
        return try ResultSet.load(commit: commit, reference: reference, root: root, available: Set(sets.map(\.commitDirectory)))
    }
}
