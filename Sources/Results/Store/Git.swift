import Foundation

/// Minimal git access for result lookup and run metadata.
public enum Git {
    /// The full commit id of a commit-ish, or nil.
    public static func resolve(_ reference: String) -> String? {
        guard !reference.hasPrefix("-") else { return nil }
        return run(["rev-parse", "--verify", "--quiet", "\(reference)^{commit}"]).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether tracked files differ from HEAD (what makes results `<commit12>-dirty`).
    public static func hasUncommittedChanges(in directory: String? = nil) -> Bool {
        !(run(["status", "--porcelain", "--untracked-files=no"], in: directory) ?? "").isEmpty
    }

    /// `git <arguments>` in `directory` (default: the current one): trimmed stdout, or nil when
    /// git fails or is missing.
    public static func run(_ arguments: [String], in directory: String? = nil) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
