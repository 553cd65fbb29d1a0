import Foundation
import Workload

/// Turns the paths given on the command line into workload files: files as given, directories
/// as their `*.yaml`/`*.yml` files (not recursive, so `workloads/perf/` is not in the default suite).
public enum WorkloadDiscovery {
    public static func files(in paths: [String]) throws(WorkloadError) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw WorkloadError(file: path, line: 1, column: 1, path: "", message: "no such file or directory")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            let yaml = entries.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            guard !yaml.isEmpty else {
                throw WorkloadError(file: path, line: 1, column: 1, path: "", message: "the directory holds no .yaml workload files")
            }
            files += yaml.map { (path as NSString).appendingPathComponent($0) }
        }
        return files
    }

    /// What a run takes from `workloads`: a workload marked `default_suite: false` only when its
    /// file was named on the command line, not when it was found in a directory. `files(in:)`
    /// keeps a named file's path as typed, and that is the workload's `sourcePath`.
    public static func selectForRun(_ workloads: [Workload], paths: [String]) -> (selected: [Workload], skipped: [Workload]) {
        let named = Set(paths)
        let chosen = { (workload: Workload) in workload.inDefaultSuite || named.contains(workload.sourcePath) }
        return (workloads.filter(chosen), workloads.filter { !chosen($0) })
    }

    /// Parses every file (every matrix point of each) with `overrides` applied and returns the
    /// workloads, or every error found (not just the first).
    public static func load(_ files: [String], overrides: [WorkloadOverride] = []) -> (workloads: [Workload], errors: [WorkloadError]) {
        var workloads: [Workload] = []
        var errors: [WorkloadError] = []
        var names: [String: String] = [:]
        var sweeps: [String: String] = [:]
        for file in files {
            let parsed = WorkloadParser.parseAll(fileAt: file, overrides: overrides)
            errors += parsed.errors
            for sweep in Set(parsed.workloads.compactMap(\.sweepName)) {
                if let other = sweeps[sweep], other != file {
                    errors.append(WorkloadError(file: file, line: 1, column: 1, path: "name",
                                                message: "sweep name '\(sweep)' is also used by \(other); their points would share one sweep page"))
                }
                sweeps[sweep] = file
            }
            for workload in parsed.workloads {
                if let other = names[workload.name] {
                    errors.append(WorkloadError(file: file, line: 1, column: 1, path: "name",
                                                message: "workload name '\(workload.name)' is also used by \(other); results would collide"))
                }
                names[workload.name] = file
                workloads.append(workload)
            }
        }
        return (workloads, errors)
    }

    /// `--filter`, `--skip` and `--tag`: the workloads whose name (a matrix point's included)
    /// matches `filter`, does not match `skip`, and carries one of `tags` (when any are given).
    public static func select(_ workloads: [Workload], _ selection: WorkloadSelection) -> [Workload] {
        workloads.filter { workload in
            let name = workload.name
            if let filter = selection.filter, name.firstMatch(of: filter) == nil { return false }
            if let skip = selection.skip, name.firstMatch(of: skip) != nil { return false }
            return selection.tags.isEmpty || !Set(selection.tags).isDisjoint(with: workload.tags)
        }
    }
}

/// Which workloads a command takes: `--filter REGEX`, `--skip REGEX` (on names, matrix points'
/// `<name>@<parameter>=<value>+…` included) and `--tag` (any of them).
public struct WorkloadSelection: @unchecked Sendable {
    public var filter: Regex<AnyRegexOutput>?
    public var skip: Regex<AnyRegexOutput>?
    public var tags: [String]

    /// Every workload.
    public init() {
        filter = nil
        skip = nil
        tags = []
    }

    /// Throws when a pattern is not a regular expression.
    public init(filter: String?, skip: String?, tags: [String]) throws {
        self.filter = try filter.map { try Regex($0) }
        self.skip = try skip.map { try Regex($0) }
        self.tags = tags
    }

    public var isEmpty: Bool { filter == nil && skip == nil && tags.isEmpty }
}
