import Foundation
import Results

/// `kvbench merge`: joins the results roots that `kvbench run --shard` wrote on several machines
/// into one (same `<commit dir>/<workload>/` layout), every file of each workload directory —
/// reports and profiles included — staged, checked against its source and swapped in whole.
/// Nothing is overwritten silently: a workload already in the destination with other results is
/// refused unless asked to replace it (identical results are skipped), a workload in two inputs
/// is refused, and so is a commit directory whose workloads were measured on different classes of
/// machine (`HostRecord.fingerprint`) unless allowed — their figures would not be comparable.
public enum ShardMerge {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        /// The exit status the failure deserves: unusable inputs are a usage error, a failed copy a write failure.
        public var status: ExitStatus
    }

    public struct Options: Sendable {
        /// Merge workloads of one commit measured on different classes of machine.
        public var allowMixedHosts: Bool
        /// Replace workloads the destination already holds with other results.
        public var overwrite: Bool

        public init(allowMixedHosts: Bool = false, overwrite: Bool = false) {
            self.allowMixedHosts = allowMixedHosts
            self.overwrite = overwrite
        }
    }

    /// What a merge did, by `<commit dir>/<workload>`.
    public struct Outcome: Sendable, Equatable {
        public var copied: [String] = []
        /// Already in the destination with the same run.json: left as they were.
        public var identical: [String] = []
        /// Replaced under `overwrite` (also in `copied`).
        public var replaced: [String] = []
    }

    /// One workload directory of an input.
    struct Source {
        var input: String
        var directory: URL
        /// `<commit dir>/<workload>`.
        var key: String
        var run: RunResult
        var bytes: Data
    }

    public static func merge(_ inputs: [String], into output: String, options: Options = Options()) throws(Failure) -> Outcome {
        let root = URL(fileURLWithPath: output)
        let sources = try collect(inputs)
        try checkHosts(sources, destination: root, allowed: options.allowMixedHosts)
        var outcome = Outcome()
        var copies: [Source] = []
        var conflicts: [String] = []
        for source in sources {
            let existing = root.appendingPathComponent(source.key).appendingPathComponent(ResultStore.runFileName)
            guard let present = FileManager.default.contents(atPath: existing.path) else {
                copies.append(source)
                continue
            }
            if present == source.bytes {
                outcome.identical.append(source.key)
            } else if options.overwrite {
                copies.append(source)
                outcome.replaced.append(source.key)
            } else {
                conflicts.append(source.key)
            }
        }
        guard conflicts.isEmpty else {
            throw Failure(description: "\(output) already holds other results for \(conflicts.joined(separator: ", ")); "
                          + "nothing was merged (--overwrite replaces them)", status: .usage)
        }
        for source in copies {
            try copy(source, into: root)
            outcome.copied.append(source.key)
        }
        for commit in Set(copies.map { $0.key.prefix { $0 != "/" } }) {
            _ = try? ResultsLock.holding(root) { try ResultPublisher.writeIndex(in: root.appendingPathComponent(String(commit)), adding: []) }
        }
        return outcome
    }

    /// Copies one workload directory into a staging directory beside its destination, checks
    /// that every file arrived with its size, swaps it in and indexes it.
    private static func copy(_ source: Source, into root: URL) throws(Failure) {
        let destination = root.appendingPathComponent(source.key)
        do {
            try ResultsLock.holding(root) {
                let commit = destination.deletingLastPathComponent()
                try FileManager.default.createDirectory(at: commit, withIntermediateDirectories: true)
                DirectorySwap.recover(in: commit)
                let staging = commit.appendingPathComponent(".staging-\(destination.lastPathComponent)-\(getpid())")
                try FileManager.default.copyItem(at: source.directory, to: staging)
                let expected = listing(source.directory), copied = listing(staging)
                guard expected == copied else {
                    try? FileManager.default.removeItem(at: staging)
                    throw ResultError.io(path: staging.path, reason: "the copy differs from its source (\(copied.count) of \(expected.count) files)")
                }
                try DirectorySwap.replace(destination, with: staging)
            }
        } catch {
            throw Failure(description: "copying \(source.directory.path): \(error)", status: .runFailure)
        }
        ResultPublisher.index(source.run, in: destination, root: root)
    }

    /// Every file under `directory` (relative path → size).
    static func listing(_ directory: URL) -> [String: Int] {
        var files: [String: Int] = [:]
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]), values.isRegularFile == true else { continue }
            files[String(url.path.dropFirst(directory.path.count))] = values.fileSize ?? 0
        }
        return files
    }

    /// Every workload directory of the inputs, each holding a readable run.json, none twice.
    private static func collect(_ inputs: [String]) throws(Failure) -> [Source] {
        var seen: [String: String] = [:]
        var sources: [Source] = []
        for input in inputs {
            let root = URL(fileURLWithPath: input, isDirectory: true)
            let commits = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            guard !commits.isEmpty else { throw Failure(description: "\(input): no results here", status: .usage) }
            for commit in commits {
                let commitDirectory = root.appendingPathComponent(commit, isDirectory: true)
                for workload in ((try? FileManager.default.contentsOfDirectory(atPath: commitDirectory.path)) ?? []).sorted()
                    where !workload.hasPrefix(".") {
                    let directory = commitDirectory.appendingPathComponent(workload, isDirectory: true)
                    let file = directory.appendingPathComponent(ResultStore.runFileName)
                    guard let bytes = FileManager.default.contents(atPath: file.path) else { continue }
                    let run: RunResult
                    do throws(ResultError) {
                        run = try ResultStore.load(file)
                    } catch {
                        throw Failure(description: "\(error)", status: .usage)
                    }
                    let key = commit + "/" + workload
                    if let other = seen[key] { throw Failure(description: "\(key) is in both \(other) and \(input)", status: .usage) }
                    seen[key] = input
                    sources.append(Source(input: input, directory: directory, key: key, run: run, bytes: bytes))
                }
            }
        }
        return sources
    }

    /// Refuses a commit directory whose workloads — merged ones and those already in the
    /// destination — come from more than one class of machine, naming each.
    private static func checkHosts(_ sources: [Source], destination: URL, allowed: Bool) throws(Failure) {
        guard !allowed else { return }
        for (commit, group) in Dictionary(grouping: sources, by: { String($0.key.prefix { $0 != "/" }) }).sorted(by: { $0.key < $1.key }) {
            var hosts: [String: (machine: String, from: Set<String>)] = [:]
            for source in group {
                hosts[source.run.metadata.host.fingerprint, default: (source.run.metadata.host.machine, [])].from.insert(source.input)
            }
            if let existing = try? ResultSet.load(directory: destination.appendingPathComponent(commit)) {
                for run in existing.runs.values where !group.contains(where: { $0.run.workload.name == run.workload.name }) {
                    hosts[run.metadata.host.fingerprint, default: (run.metadata.host.machine, [])].from.insert(destination.path)
                }
            }
            guard hosts.count > 1 else { continue }
            let described = hosts.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value.machine)) from \($0.value.from.sorted().joined(separator: ", "))" }
            throw Failure(description: "\(commit) would hold results of \(hosts.count) kinds of machine: \(described.joined(separator: "; ")); "
                          + "their figures are not comparable, so nothing was merged (--allow-mixed-hosts merges them anyway)", status: .usage)
        }
    }
}
