import Foundation
import Reports
import Results

/// `kvbench merge`: joins the result directories that `kvbench run --shard K/N` wrote on several
/// machines into one results root (same `<commit12>/<workload>/` layout). A workload present in
/// two inputs is an error, so nothing is silently overwritten.
public enum ShardMerge {
    public static func merge(_ inputs: [String], into output: String, progress: Progress = Progress()) -> Int32 {
        var seen: [String: String] = [:]
        var copies: [(URL, URL)] = []
        for input in inputs {
            let root = URL(fileURLWithPath: input, isDirectory: true)
            let commits = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }
            guard !commits.isEmpty else {
                progress.line("error: \(input): no results here")
                return ExitCode.usage
            }
            for commit in commits {
                let commitDirectory = root.appendingPathComponent(commit, isDirectory: true)
                for workload in ((try? FileManager.default.contentsOfDirectory(atPath: commitDirectory.path)) ?? []).sorted() {
                    let source = commitDirectory.appendingPathComponent(workload, isDirectory: true)
                    var isDirectory: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
                    do throws(ResultError) {
                        _ = try ResultStore.load(source.appendingPathComponent(ResultStore.runFileName))
                    } catch {
                        progress.line("error: \(error)")
                        return ExitCode.usage
                    }
                    let key = commit + "/" + workload
                    if let other = seen[key] {
                        progress.line("error: \(key) is in both \(other) and \(input)")
                        return ExitCode.usage
                    }
                    seen[key] = input
                    copies.append((source, URL(fileURLWithPath: output).appendingPathComponent(commit).appendingPathComponent(workload)))
                }
            }
        }
        for (source, destination) in copies {
            do {
                for file in try FileManager.default.contentsOfDirectory(atPath: source.path) where !file.hasPrefix(".") {
                    let data = try Data(contentsOf: source.appendingPathComponent(file))
                    try ResultStore.writeAtomically(data, to: destination.appendingPathComponent(file))
                }
            } catch {
                progress.line("error: copying \(source.path): \(error)")
                return ExitCode.runFailure
            }
        }
        for commit in Set(copies.map { $0.1.deletingLastPathComponent() }) {
            let runs = SuiteRunner.indexedRuns(in: commit, adding: [])
            try? ResultStore.writeAtomically(Data(SuiteIndex.render(runs).utf8), to: commit.appendingPathComponent("index.html"))
        }
        progress.line("merged \(copies.count) workload result(s) into \(output)")
        return ExitCode.success
    }
}
