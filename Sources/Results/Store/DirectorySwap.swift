#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Replaces a directory by another in one step: Linux's `renameat2(RENAME_EXCHANGE)` swaps the
/// two names atomically, so a reader (or a crash) finds the old set or the new one under the
/// name, never a mix or nothing. Glibc declares `renameat2` only under `_GNU_SOURCE`, which Swift's
/// Glibc module does not import, so it is looked up by name. Where it is missing (glibc before
/// 2.28, or a file system without exchange) the old directory is renamed aside first; a crash
/// between the two renames leaves it as `.retired-…`, which `recover` puts back.
public enum DirectorySwap {
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let exchangeFlag: UInt32 = 2
    /// `dlsym(RTLD_DEFAULT, …)`: glibc's RTLD_DEFAULT is the null handle.
    nonisolated(unsafe) private static let renameat2: RenameAt2? = dlsym(nil, "renameat2").map { unsafeBitCast($0, to: RenameAt2.self) }

    /// Puts `staged` at `target`; whatever was at `target` is removed.
    public static func replace(_ target: URL, with staged: URL) throws(ResultError) {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: target.path) else {
            guard rename(staged.path, target.path) == 0 else { throw .io(path: target.path, reason: String(cString: strerror(errno))) }
            return
        }
        if let renameat2, renameat2(AT_FDCWD, staged.path, AT_FDCWD, target.path, exchangeFlag) == 0 {
            try? fileManager.removeItem(at: staged)
            return
        }
        let retired = target.deletingLastPathComponent().appendingPathComponent(".retired-\(target.lastPathComponent)-\(getpid())")
        guard rename(target.path, retired.path) == 0 else { throw .io(path: target.path, reason: String(cString: strerror(errno))) }
        guard rename(staged.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(retired.path, target.path)
            throw .io(path: target.path, reason: reason)
        }
        try? fileManager.removeItem(at: retired)
    }

    /// Cleans `directory` of what interrupted swaps left: staged sets that were never published
    /// are removed, and a retired set whose name is empty is put back. Call while no other
    /// process can be swapping there (under the results lock).
    public static func recover(in directory: URL) {
        let fileManager = FileManager.default
        for entry in (try? fileManager.contentsOfDirectory(atPath: directory.path)) ?? [] {
            let path = directory.appendingPathComponent(entry)
            if entry.hasPrefix(".staging-") {
                try? fileManager.removeItem(at: path)
            } else if entry.hasPrefix(".retired-") {
                let name = String(entry.dropFirst(".retired-".count).reversed().drop { $0 != "-" }.dropFirst().reversed())
                let target = directory.appendingPathComponent(name)
                if !name.isEmpty && !fileManager.fileExists(atPath: target.path) && rename(path.path, target.path) == 0 { continue }
                try? fileManager.removeItem(at: path)
            }
        }
    }
}
