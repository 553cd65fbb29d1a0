import ArgumentParser
import Foundation
@_spi(Testing) import ResultIndex

/// Internal: writes a synthetic results root of many commits × workloads with its index, on which
/// `tool_timings` times history and dashboards at scale.
struct SyntheticStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_synthetic-store", abstract: "Internal: write a synthetic results root.",
                                                    shouldDisplay: false)

    @Argument(help: "Results root to create.") var root: String
    @Option(help: "Commits.") var commits: Int = 500
    @Option(help: "Workloads per commit.") var workloads: Int = 10
    @Option(help: "Metrics per workload.") var metrics: Int = 50
    @Option(help: "Repetitions per result set.") var repetitions: Int = 5
    @Option(help: "Branch name recorded.") var branch: String = "main"

    func validate() throws {
        for (name, value) in [("commits", commits), ("workloads", workloads), ("metrics", metrics), ("repetitions", repetitions)]
            where !(1...100_000).contains(value) {
            throw ValidationError("--\(name) must be between 1 and 100000, got \(value)")
        }
    }

    func run() throws {
        var store = SyntheticStore()
        (store.commits, store.workloads, store.metrics, store.repetitions, store.branch) = (commits, workloads, metrics, repetitions, branch)
        do {
            try store.write(to: URL(fileURLWithPath: root, isDirectory: true))
        } catch {
            report("writing \(root): \(error)")
            throw ExitCode(3)
        }
    }
}
