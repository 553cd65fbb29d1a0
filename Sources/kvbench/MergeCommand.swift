import ArgumentParser
import Foundation
import Reports

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join results that `kvbench run --shard K/N` wrote on several machines.",
        discussion: """
        Example:
          kvbench merge shard1/results shard2/results --into results
        """
    )

    @Argument(help: ArgumentHelp("Results roots to join.", valueName: "dirs")) var inputs: [String]
    @Option(help: ArgumentHelp("Results root to write into.", valueName: "dir")) var into: String = "results"

    func run() throws {
        do throws(ShardMerge.Failure) {
            let count = try ShardMerge.merge(inputs, into: into)
            FileHandle.standardError.write(Data("merged \(count) workload result(s) into \(into)\n".utf8))
        } catch {
            report(error.description)
            try error.status.finish()
        }
    }
}
