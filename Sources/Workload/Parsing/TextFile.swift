import Foundation
import Results

/// Reads a text file that a workload names, refusing what would block, exhaust memory or is not
/// text — a directory, a FIFO or device, a file over the limit, bytes that are not UTF-8 — with
/// a message saying which.
enum TextFile {
    struct Failure: Error {
        var message: String
    }

    static func read(_ path: String, limit: Int) throws(Failure) -> String {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw Failure(message: errno == ENOENT ? "no such file" : "cannot read the file: \(String(cString: strerror(errno)))")
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Failure(message: "is a directory, not a file")
        default: throw Failure(message: "not a regular file (a device, FIFO or socket)")
        }
        guard Int(status.st_size) <= limit else {
            throw Failure(message: "the file is \(Quantity.formatSize(Double(status.st_size))), over the \(Quantity.formatSize(Double(limit))) limit")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(message: "cannot read the file") }
        guard let text = String(data: data, encoding: .utf8) else { throw Failure(message: "not UTF-8 text") }
        return text
    }
}
