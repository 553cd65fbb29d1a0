#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A repetition's temporary directory, `$TMPDIR/kvbench-rep-<parent pid>-XXXXXX`, handed to the
/// child as its `TMPDIR`: the SQLite store of a workload without `data_directory`, SQLite's own
/// temporary files and whatever a `tool_timings` grandchild writes all land inside it. The parent
/// removes it once the child has ended, however it ended; one left by a parent that was killed
/// is removed by the next run (its pid no longer lives).
struct ScratchDirectory {
    static let prefix = "kvbench-rep-"

    let path: String

    /// A new, empty directory, or nil when the temporary directory is not writable.
    static func make() -> ScratchDirectory? {
        var template = Array((FileManager.default.temporaryDirectory.path + "/\(prefix)\(getpid())-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { return nil }
        return ScratchDirectory(path: String(cString: made))
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Removes the directories of parents that are gone.
    static func removeStale() {
        let temporary = FileManager.default.temporaryDirectory.path
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where entry.hasPrefix(prefix) {
            guard let pid = Int32(entry.dropFirst(prefix.count).prefix { $0 != "-" }), pid != getpid(),
                  kill(pid, 0) != 0 && errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: temporary + "/" + entry)
        }
    }
}
