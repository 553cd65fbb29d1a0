import ArgumentParser
import Foundation
import Reports
import Runner
import Workload

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run workloads and write results and reports.",
        discussion: """
        Examples:
          kvbench run workloads/                       # the default suite
          kvbench run workloads/checkpoint-expel.yaml --repetitions 3 --results /tmp/x
          kvbench run workloads/ --quick               # a tenth of the data, one repetition
          kvbench run workloads/ --resume              # finish what an interrupted run left
          kvbench run workloads/soak.yaml --timeout 900 --memory-limit 4GiB
        """
    )

    @Argument(help: ArgumentHelp("Workload files, or directories whose *.yaml files to run (not recursive).", valueName: "files-or-dirs"))
    var paths: [String]

    @Option(help: ArgumentHelp("Measured repetitions per workload (overrides the file's repetitions.count).", valueName: "n"))
    var repetitions: Int?

    @Option(help: ArgumentHelp("Warm-up repetitions, run first and left out of statistics (overrides repetitions.warmup).", valueName: "n"))
    var warmup: Int?

    @Option(help: ArgumentHelp("Root directory for results.", valueName: "dir"))
    var results: String = "results"

    @Option(help: ArgumentHelp("Allocator for the repetitions: jemalloc (preloaded; exact per-domain figures), tcmalloc (preloaded; per-domain figures through malloc hooks) or system (glibc; totals only, per-domain figures reported as unavailable). Non-jemalloc results go to <commit12>+<allocator>/.", valueName: "name"))
    var allocator: AllocatorChoice = .jemalloc

    @Option(help: ArgumentHelp("Run only shard K of N (every N-th workload starting at K), to split a suite across machines; join with `kvbench merge`.", valueName: "K/N"))
    var shard: String?

    @Option(help: ArgumentHelp("Profile each phase with gperftools: cpu (CPU profiler) or heap (tcmalloc's heap profiler; runs under tcmalloc). Profiles go under <workload>/profiles/, the top functions into the report.", valueName: "kind"))
    var profile: RepetitionRequest.Profile.Kind?

    @Option(help: ArgumentHelp("Kill a repetition after this many seconds and record it as failed (the others are kept).", valueName: "seconds"))
    var timeout: Double?

    @Option(help: ArgumentHelp("Kill a repetition whose resident memory exceeds this size (e.g. 2GiB) and record it as failed (the others are kept).", valueName: "size"))
    var memoryLimit: String?

    @Flag(help: "Complete an interrupted result set at this commit: keep the repetitions that finished, run the rest, skip workloads already complete. Refused when a workload file changed since.")
    var resume = false

    @Flag(help: "Arena verify mode (jemalloc, thread cache off): each repetition checks the per-domain counters against one arena per domain and fails beyond 1% or 64 KiB; reports verify.<domain>.counter/arena/difference.")
    var verifyDomains = false

    @Flag(help: "Smoke test: a tenth of the items and operations (at least 1000), 1 repetition, no warm-up, unless overridden.")
    var quick = false

    var parsedShard: (index: Int, count: Int)? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else { return nil }
        return (parts[0], parts[1])
    }

    func validate() throws {
        if shard != nil && parsedShard == nil { throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N, e.g. 2/3; got \(shard!)") }
        if let timeout, !(timeout > 0 && timeout <= Limits.duration.upperBound) {
            throw ValidationError("--timeout must be between 0 and \(Int(Limits.duration.upperBound)) seconds, got \(timeout)")
        }
        if results.isEmpty { throw ValidationError("--results must name a directory") }
        if let memoryLimit, Quantity.size(memoryLimit).map({ $0 < 1 << 20 }) ?? true {
            throw ValidationError("--memory-limit must be a size of at least 1MiB such as 2GiB, got \(memoryLimit)")
        }
        if let repetitions, !Limits.repetitions.contains(repetitions) {
            throw ValidationError("--repetitions must be between \(Limits.repetitions.lowerBound) and \(Limits.repetitions.upperBound), got \(repetitions)")
        }
        if let warmup, !Limits.warmup.contains(warmup) {
            throw ValidationError("--warmup must be between \(Limits.warmup.lowerBound) and \(Limits.warmup.upperBound), got \(warmup)")
        }
    }

    func run() throws {
        var options = SuiteOptions(paths: paths, repetitions: repetitions, warmup: warmup, resultsRoot: results,
                                   quick: quick, allocator: allocator, command: ["kvbench"] + CommandLine.arguments.dropFirst())
        options.shard = parsedShard
        options.verifyDomains = verifyDomains
        options.limits = RepetitionLimits(timeout: timeout, memory: memoryLimit.flatMap(Quantity.size))
        options.resume = resume
        options.profile = profile
        try SuiteRunner.run(options, sinks: { ResultPublisher(root: $0) }).finish()
    }
}

extension AllocatorChoice: ExpressibleByArgument {}
extension RepetitionRequest.Profile.Kind: ExpressibleByArgument {}
