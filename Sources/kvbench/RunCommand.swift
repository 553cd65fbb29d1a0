import ArgumentParser
import Foundation
import Reports
import Results
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
          kvbench run workloads/ --shard 2/3                         # the second of three machines
          kvbench run workloads/ --shard 0/3 --shard-base 0          # the first, counting from 0
          JOB_COMPLETION_INDEX=0 kvbench run workloads/ --shard-count 3   # a Kubernetes Indexed Job's first pod
          kvbench run workloads/ --binary ./kvbench-artifact         # repetitions by a prebuilt kvbench of this checkout
        Sharding runs every N-th workload of the suite (sorted by file) starting at the shard's index; join the
        shards' results roots with `kvbench merge`.
          kvbench run workloads/sweeps/expel-yield.yaml --set repetitions.count=3 --filter 'key_length=16'
          kvbench run workloads/ --tag dcp --skip quota                # selection by tag and name
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

    @Option(help: ArgumentHelp("Run only shard K of N (every N-th workload starting at K), to split a suite across machines; join with `kvbench merge`. K counts from --shard-base.", valueName: "K/N"))
    var shard: String?

    @Option(help: ArgumentHelp("Whether --shard's K counts from 0 (GitHub Actions' strategy.job-index, Kubernetes, Slurm arrays from 0) or from 1.", valueName: "0|1"))
    var shardBase: Int = 1

    @Option(help: ArgumentHelp("Run one of N shards, its index (from 0) taken from the scheduler's environment: KVBENCH_SHARD_INDEX (set it from a GitHub Actions matrix's strategy.job-index), JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm array).", valueName: "n"))
    var shardCount: Int?

    @Option(help: ArgumentHelp("Run the repetitions with this prebuilt kvbench (e.g. a CI artifact built once for this commit) instead of this one; results are attributed to the checkout in the current directory.", valueName: "path"))
    var binary: String?

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

    @Flag(help: "Smoke test: a tenth of the items, operations and time-boxed durations (at least 1000, 1 s), 1 repetition, no warm-up, unless overridden.")
    var quick = false

    @OptionGroup var overrides: OverrideOptions
    @OptionGroup var selection: SelectionOptions

    /// The shard to run, from `--shard` or from the environment with `--shard-count`.
    func parsedShard() throws -> Shard? {
        do throws(Shard.Failure) {
            if let shard { return try Shard.parse(shard, base: shardBase) }
            return try shardCount.map { count throws(Shard.Failure) in try Shard.fromEnvironment(ProcessInfo.processInfo.environment, count: count) }
        } catch {
            throw ValidationError(error.description)
        }
    }

    func validate() throws {
        if ![0, 1].contains(shardBase) { throw ValidationError("--shard-base must be 0 or 1, got \(shardBase)") }
        if shard != nil && shardCount != nil { throw ValidationError("--shard K/N and --shard-count N choose the shard two ways; give one") }
        if let shardCount, shardCount < 1 { throw ValidationError("--shard-count must be at least 1, got \(shardCount)") }
        _ = try parsedShard()
        if let binary, !FileManager.default.isExecutableFile(atPath: binary) { throw ValidationError("--binary \(binary) is not an executable file") }
        if let timeout, !(timeout > 0 && timeout <= Limits.duration.upperBound) {
            throw ValidationError("--timeout must be between 0 and \(Int(Limits.duration.upperBound)) seconds, got \(timeout)")
        }
        if results.isEmpty { throw ValidationError("--results must name a directory") }
        _ = try overrides.overrides()
        _ = try selection.selection()
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
        options.shard = try parsedShard()
        if let shard = options.shard { FileHandle.standardError.write(Data("kvbench: \(shard)\n".utf8)) }
        if let binary { options.sides = [SuiteSide(executable: URL(fileURLWithPath: binary).standardizedFileURL.path, directory: nil)] }
        options.verifyDomains = verifyDomains
        options.limits = RepetitionLimits(timeout: timeout, memory: memoryLimit.flatMap(Quantity.size))
        options.resume = resume
        options.profile = profile
        options.overrides = try overrides.overrides()
        options.selection = try selection.selection()
        try SuiteRunner.run(options, sinks: { ResultPublisher(root: $0) }).finish()
    }
}

extension AllocatorChoice: ExpressibleByArgument {}
extension RepetitionRequest.Profile.Kind: ExpressibleByArgument {}
