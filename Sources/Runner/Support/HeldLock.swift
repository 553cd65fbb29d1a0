#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// An exclusive `flock` on a file, taken without waiting and held until `release` (or until the
/// process dies, when the kernel drops it): what keeps two kvbench runs from running one workload
/// into one results directory, or two repetitions from sharing one `engine.data_directory`, at
/// the same time — one is refused with a message instead of the two destroying each other's files.
final class HeldLock {
    private var descriptor: Int32

    /// The lock on `path` (created, with its directory, if missing); nil when another process
    /// holds it or it cannot be created.
    init?(_ path: String) {
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return nil }
        var result: Int32
        repeat { result = flock(descriptor, LOCK_EX | LOCK_NB) } while result != 0 && errno == EINTR
        guard result == 0 else {
            close(descriptor)
            return nil
        }
    }

    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
