import ArgumentParser
import Foundation
import Gate

struct BisectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bisect",
        abstract: "Propose the commits to run next to narrow down where a metric changed.",
        discussion: """
        Finds the metric's changes as `kvbench history` does; for each change whose commit range holds commits
        without results, proposes the middle one (or --count of them, evenly spread, for one round of parallel
        jobs). Prints one commit per line on standard output — ready for `kvbench plan --commits` — and why on
        standard error. Changes already narrowed to one commit, or drifts whose every commit has results, are
        said so.
        Examples:
          kvbench bisect --metric checkpoint.memory.after_expel
          kvbench bisect --metric ops.set.throughput --workload ycsb-a --count 3
          kvbench plan workloads/ --commits $(kvbench bisect --metric checkpoint.memory)
        """
    )

    @OptionGroup var options: HistoryOptions

    @Option(help: ArgumentHelp("Commits to propose per change (evenly spread over its untested commits).", valueName: "n"))
    var count: Int = 1

    func validate() throws {
        if options.metric == nil { throw ValidationError("--metric is required: bisect narrows the changes of one metric (or prefix)") }
        if !(1...64).contains(count) { throw ValidationError("--count must be between 1 and 64, got \(count)") }
    }

    func run() throws {
        let history = try options.load()
        let (proposals, narrowed) = Bisect.propose(history, count: count)
        for line in narrowed { FileHandle.standardError.write(Data("narrowed: \(line)\n".utf8)) }
        if history.changes.isEmpty {
            FileHandle.standardError.write(Data("no change of \(options.metric!) in \(history.sequence.branch): nothing to narrow\n".utf8))
        }
        for proposal in proposals {
            FileHandle.standardError.write(Data("\(proposal.commit.prefix(12)): \(proposal.reason)\n".utf8))
            print(proposal.commit)
        }
    }
}
