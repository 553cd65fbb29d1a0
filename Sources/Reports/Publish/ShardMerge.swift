import Foundation
import Results

/// `kvbench merge`: joins the result directories that `kvbench run --shard K/N` wrote on several
/// machines into one results root (same `<commit12>/<workload>/` layout). A workload present in
/// two inputs is an error, so nothing is silently overwritten.
public enum ShardMerge {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        /// The exit status the failure deserves: unusable inputs are a usage error, a failed copy a write failure.
        public var status: ExitStatus
    }

    /// Copies every workload directory of `inputs` into `output` and rewrites the indexes;
    /// returns how many workload results were merged.
    public static func merge(_ inputs: [String], into output: String) throws(Failure) -> Int {
        let root = URL(fileURLWithPath: output)
        let copies = try plan(inputs, into: root)
        for (source, destination) in copies {
            // Staged and swapped in whole, as a run publishes: a reader sees the old set or this one.
            do {
                try ResultsLock.holding(root) {
                    let commit = destination.deletingLastPathComponent()
                    try FileManager.default.createDirectory(at: commit, withIntermediateDirectories: true)
                    DirectorySwap.recover(in: commit)
                    let staging = commit.appendingPathComponent(".staging-\(destination.lastPathComponent)-\(getpid())")
                    try FileManager.default.copyItem(at: source, to: staging)
                    try DirectorySwap.replace(destination, with: staging)
                }
            } catch {
                throw Failure(description: "copying \(source.path): \(error)", status: .runFailure)
            }
        }
        for commit in Set(copies.map { $0.1.deletingLastPathComponent() }) {
            _ = try? ResultPublisher.writeIndex(in: commit, adding: [])
        }
        return copies.count
    }

    /// Every workload directory to copy, after checking each holds a readable run.json and no
    /// workload of a commit comes from two inputs.
    private static func plan(_ inputs: [String], into output: URL) throws(Failure) -> [(URL, URL)] {
        var seen: [String: String] = [:]
        var copies: [(URL, URL)] = []
        for input in inputs {
            let root = URL(fileURLWithPath: input, isDirectory: true)
            let commits = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }
            guard !commits.isEmpty else { throw Failure(description: "\(input): no results here", status: .usage) }
            for commit in commits {
                let commitDirectory = root.appendingPathComponent(commit, isDirectory: true)
                for workload in ((try? FileManager.default.contentsOfDirectory(atPath: commitDirectory.path)) ?? []).sorted()
                    where !workload.hasPrefix(".") {
                    let source = commitDirectory.appendingPathComponent(workload, isDirectory: true)
                    var isDirectory: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
                    do throws(ResultError) {
                        _ = try ResultStore.load(source.appendingPathComponent(ResultStore.runFileName))
                    } catch {
                        throw Failure(description: "\(error)", status: .usage)
                    }
                    let key = commit + "/" + workload
                    if let other = seen[key] { throw Failure(description: "\(key) is in both \(other) and \(input)", status: .usage) }
                    seen[key] = input
                    copies.append((source, output.appendingPathComponent(commit).appendingPathComponent(workload)))
                }
            }
        }
        return copies
    }
}
