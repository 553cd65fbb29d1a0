#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Results

/// The `run.json` files of a results root as the index sees them: one per workload directory of
/// each commit directory (`<root>/<commit dir>/<workload>/run.json`), with its size and
/// modification time, so that a synchronization reads only the files that changed. Names
/// starting with `.` — staged or retired sets, locks, the index itself — are not results.
struct StoredFile: Sendable, Equatable {
    /// `<commit dir>/<workload>`, relative to the root.
    var directory: String
    var size: Int64
    /// Nanoseconds since the epoch.
    var modified: Int64

    static func scan(_ root: URL) -> [StoredFile] {
        var files: [StoredFile] = []
        for commit in visibleEntries(root.path) {
            let commitPath = root.path + "/" + commit
            for workload in visibleEntries(commitPath) {
                if let file = find(root: root, directory: commit + "/" + workload) { files.append(file) }
            }
        }
        return files
    }

    /// The stored file of one workload directory, or nil when it has no `run.json`.
    static func find(root: URL, directory: String) -> StoredFile? {
        var status = Glibc.stat()
        let path: String = root.path + "/" + directory + "/" + ResultStore.runFileName
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let seconds = Int64(status.st_mtim.tv_sec), nanoseconds = Int64(status.st_mtim.tv_nsec)
        return StoredFile(directory: directory, size: Int64(status.st_size), modified: seconds * 1_000_000_000 + nanoseconds)
    }

    private static func visibleEntries(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }
}
