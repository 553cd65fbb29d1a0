import Foundation
import Results
import Workload

/// `--resume`: what an earlier result of a workload at this commit leaves to do. Its repetitions
/// are reused only for the same workload text: anything else would mix two experiments.
enum Resume {
    enum Decision {
        /// No earlier result: run everything.
        case fresh
        case complete(RunResult)
        /// The repetitions to keep (those that finished, ok or failed); the rest are run.
        case partial([RepetitionRecord])
        case refused(String)
    }

    static func decide(_ workload: Workload, in store: ResultStore, metadata: RunMetadata, wanted: Int) -> Decision {
        let url = store.directory(for: metadata, workload: workload.name).appendingPathComponent(ResultStore.runFileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return .fresh }
        let previous: RunResult
        do throws(ResultError) {
            previous = try ResultStore.load(url)
        } catch {
            return .refused("\(error)")
        }
        guard previous.workload.sha256 == WorkloadRecord(workload).sha256 else {
            return .refused("\(url.path) was made from a different version of \(workload.sourcePath); run without --resume to replace it")
        }
        let kept = previous.repetitions.filter { $0.status != .interrupted }
        if previous.interrupted != true && kept.count >= wanted { return .complete(previous) }
        return .partial(Array(kept.prefix(wanted)))
    }
}

extension WorkloadRecord {
    /// The workload as run.json records it: name, file, and the exact text that ran with its hash.
    init(_ workload: Workload) {
        self.init(name: workload.name, file: workload.sourcePath, sha256: SHA256.hex(Array(workload.sourceText.utf8)),
                  text: workload.sourceText)
    }
}
