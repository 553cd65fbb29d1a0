import ArgumentParser
import Foundation
import Reports

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join results that `kvbench run --shard` wrote on several machines.",
        discussion: """
        Copies every file of each workload directory (reports and profiles included) into --into, indexes it,
        and rewrites each commit's index.html. Nothing is overwritten silently: a workload the destination
        already holds with other results is refused unless --overwrite (identical results are skipped), a
        workload in two inputs is refused, and so is a commit whose workloads were measured on different
        classes of machine (CPU model, cores, kernel) unless --allow-mixed-hosts.
        Examples:
          kvbench merge shard1/results shard2/results --into results
          kvbench merge artifacts/*/results --into results --overwrite
        """
    )

    @Argument(help: ArgumentHelp("Results roots to join.", valueName: "dirs")) var inputs: [String]
    @Option(help: ArgumentHelp("Results root to write into.", valueName: "dir")) var into: String = "results"
    @Flag(help: "Merge workloads of one commit measured on different classes of machine.") var allowMixedHosts = false
    @Flag(help: "Replace workloads the destination already holds with other results (each is named).") var overwrite = false

    func run() throws {
        do throws(ShardMerge.Failure) {
            let outcome = try ShardMerge.merge(inputs, into: into, options: .init(allowMixedHosts: allowMixedHosts, overwrite: overwrite))
            var line = "merged \(outcome.copied.count) workload result(s) into \(into)"
            if !outcome.identical.isEmpty { line += "; \(outcome.identical.count) already there, identical" }
            FileHandle.standardError.write(Data((line + "\n").utf8))
            for key in outcome.replaced { FileHandle.standardError.write(Data("replaced \(key)\n".utf8)) }
        } catch {
            report(error.description)
            try error.status.finish()
        }
    }
}
