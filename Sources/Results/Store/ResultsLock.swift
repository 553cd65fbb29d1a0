#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// An exclusive `flock` on `<results root>/.kvbench.lock`, held while one run writes a workload's
/// files or a commit's index: two `kvbench run`s into the same directory take turns instead of
/// interleaving. The lock is released when the body returns or throws (or the process dies).
public enum ResultsLock {
    public static func holding<R>(_ root: URL, _ body: () throws -> R) throws -> R {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let descriptor = open(root.appendingPathComponent(".kvbench.lock").path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return try body() }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
