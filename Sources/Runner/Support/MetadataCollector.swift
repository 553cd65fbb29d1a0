import Foundation
import Results

/// Gathers run metadata (DESIGN.md §7): git commit/dirty/branch of the working directory, the
/// host, the toolchain and build. Runs a few short `git` commands; call once per run.
enum MetadataCollector {
    static let kvbenchVersion = "0.1.0"

    /// `directory`: the checkout the repetitions' code comes from (default: the current directory).
    static func collect(allocator: AllocatorRecord, directory: String? = nil) -> RunMetadata {
        let commit = Git.run(["rev-parse", "HEAD"], in: directory) ?? "unversioned"
        let dirty = commit != "unversioned" && !(Git.run(["status", "--porcelain", "--untracked-files=no"], in: directory) ?? "").isEmpty
        let branch = Git.run(["rev-parse", "--abbrev-ref", "HEAD"], in: directory) ?? ""
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return RunMetadata(commit: commit, dirty: dirty, branch: branch, timestamp: formatter.string(from: Date()),
                           host: host(), swiftVersion: swiftVersion, buildConfiguration: buildConfiguration,
                           allocator: allocator, kvbenchVersion: kvbenchVersion)
    }

    static func host() -> HostRecord {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        var names = utsname()
        uname(&names)
        let kernel = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return HostRecord(cpuModel: model, cores: ProcessInfo.processInfo.activeProcessorCount,
                          memoryBytes: ProcessInfo.processInfo.physicalMemory, kernel: kernel,
                          hostname: ProcessInfo.processInfo.hostName)
    }

    static var buildConfiguration: String {
        #if DEBUG
        "debug"
        #else
        "release"
        #endif
    }

    static var swiftVersion: String {
        #if compiler(>=6.4)
        "6.4+"
        #elseif compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #else
        "6.1 or older"
        #endif
    }
}
