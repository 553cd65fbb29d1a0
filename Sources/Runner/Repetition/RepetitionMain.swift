import Foundation
import Results
import Workload

/// The child side of `kvbench run`, behind the hidden `_repetition` command: runs one
/// repetition of one workload and writes its record (JSON) atomically to `output`.
public enum RepetitionMain {
    public static func run(workloadFile: String, index: Int, warmup: Bool, quick: Bool, output: String) -> Int32 {
        let parsed: Workload
        do throws(WorkloadError) {
            parsed = try WorkloadParser.parse(fileAt: workloadFile)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return ExitCode.usage
        }
        let workload = quick ? parsed.quick() : parsed
        let executor = RepetitionExecutor(workload: workload, index: index, warmup: warmup) { message in
            FileHandle.standardError.write(Data("\(ChildRepetition.progressPrefix)\(message)\n".utf8))
        }
        let record: RepetitionRecord
        do {
            record = try executor.run()
        } catch {
            FileHandle.standardError.write(Data("error: \(workloadFile): \(error)\n".utf8))
            return ExitCode.runFailure
        }
        do {
            try ResultStore.writeAtomically(try JSONEncoder().encode(record), to: URL(fileURLWithPath: output))
        } catch {
            FileHandle.standardError.write(Data("error: writing \(output): \(error)\n".utf8))
            return ExitCode.runFailure
        }
        return ExitCode.success
    }
}
