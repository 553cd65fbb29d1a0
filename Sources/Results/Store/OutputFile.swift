#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Writes a file the user named — `--summary`, `--html`, `--write-thresholds` — by opening the
/// path as given: a symlink is followed and `/dev/stdout` written to, never replaced by a rename
/// (results kvbench owns are written atomically instead, see `ResultStore`).
public enum OutputFile {
    /// Appends `text` (CI step summaries are appended to by every step).
    public static func append(_ text: String, to path: String) throws(ResultError) {
        try write(text, to: path, flags: O_APPEND)
    }

    /// Replaces the file's contents with `text`.
    public static func replaceContents(of path: String, with text: String) throws(ResultError) {
        try write(text, to: path, flags: O_TRUNC)
    }

    private static func write(_ text: String, to path: String, flags: Int32) throws(ResultError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0o644)
        guard descriptor >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
            bytes = bytes.dropFirst(written)
        }
    }
}
