import Foundation
import Results
import Workload

/// `--resume`: what an earlier result of a workload at this commit leaves to do. Its repetitions
/// are reused only for the same workload text run the same way (repetitions, warm-ups, `--quick`,
/// verify mode, profiling): anything else would mix two experiments in one set.
enum Resume {
    enum Decision {
        /// No earlier result: run everything.
        case fresh
        case complete(RunResult)
        /// The repetitions to keep (those that completed); the rest — failed or interrupted
        /// ones included — are run again.
        case partial([RepetitionRecord])
        case refused(String)
    }

    static func decide(_ workload: Workload, in store: ResultStore, metadata: RunMetadata, options: RunOptions) -> Decision {
        let url = store.directory(for: metadata, workload: workload.name).appendingPathComponent(ResultStore.runFileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return .fresh }
        let previous: RunResult
        do throws(ResultError) {
            previous = try ResultStore.load(url)
        } catch {
            return .refused("\(error)")
        }
        let record = WorkloadRecord(workload)
        guard previous.workload.sha256 == record.sha256, previous.workload.overrides ?? [] == record.overrides ?? [] else {
            return .refused("\(url.path) was made from a different version of \(workload.sourcePath) or other --set values; run without --resume to replace it")
        }
        guard let recorded = previous.options else {
            return .refused("\(url.path) does not record how it was run (an older kvbench); run without --resume to replace it")
        }
        let differences = differences(recorded, options)
        guard differences.isEmpty else {
            return .refused("\(url.path) was run with \(differences.joined(separator: ", ")); run without --resume to replace it")
        }
        let wanted = options.warmup + options.repetitions
        let kept = previous.repetitions.filter { $0.status == .ok }
        if previous.interrupted != true && kept.count >= wanted { return .complete(previous) }
        return .partial(Array(kept.prefix(wanted)))
    }

    /// What differs between how a set was run and how this run would be, in words.
    private static func differences(_ recorded: RunOptions, _ now: RunOptions) -> [String] {
        var differences: [String] = []
        func compare<T: Equatable>(_ name: String, _ keyPath: KeyPath<RunOptions, T>) {
            if recorded[keyPath: keyPath] != now[keyPath: keyPath] {
                differences.append("\(name) \(recorded[keyPath: keyPath]) (now \(now[keyPath: keyPath]))")
            }
        }
        compare("repetitions", \.repetitions)
        compare("warm-ups", \.warmup)
        compare("--quick", \.quick)
        compare("--verify-domains", \.verifyDomains)
        compare("--profile", \.profile)
        return differences
    }
}

extension WorkloadRecord {
    /// The workload as run.json records it: name, file, the exact text that ran with its hash,
    /// the `--set` overrides it was read with and, for a matrix point, the point.
    init(_ workload: Workload) {
        self.init(name: workload.name, file: workload.sourcePath, sha256: SHA256.hex(Array(workload.sourceText.utf8)),
                  text: workload.sourceText, overrides: workload.overrides.isEmpty ? nil : workload.overrides.map(\.description),
                  sweep: workload.sweepName, matrix: workload.matrixPoint?.assignments.map { "\($0.parameter)=\($0.value)" },
                  matrixIndex: workload.matrixPoint?.index)
    }
}
