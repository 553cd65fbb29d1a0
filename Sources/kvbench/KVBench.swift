import ArgumentParser
import Foundation
import Gate
import Results
import Runner
import Workload

/// The command line. Parsing only: every command hands over to the Runner module.
@main
struct KVBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kvbench",
        abstract: "Replay YAML workloads against an ep-engine-style KV engine and measure checkpoint memory, expel and throughput under jemalloc.",
        discussion: """
        Each repetition runs in a fresh child process with jemalloc preloaded. Results go to
        <results>/<commit12>[-dirty]/<workload>/ as run.json, summary.csv, timeseries.csv and report.html.

        Exit codes: 0 success, 1 regression (gate), 2 invalid workload or usage, 3 a repetition failed or results
        could not be written, 4 only inconclusive results (gate --strict), 130 interrupted (SIGINT/SIGTERM; what
        completed is written, marked interrupted).
        """,
        version: "0.1.0",
        subcommands: [Run.self, Validate.self, List.self, Compare.self, GateCheck.self, HistoryCommand.self, Merge.self, RepetitionChild.self],
        defaultSubcommand: nil
    )
}

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
    var profile: String?

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
        if let profile, !["cpu", "heap"].contains(profile) { throw ValidationError("--profile is cpu or heap, got \(profile)") }
        if shard != nil && parsedShard == nil { throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N, e.g. 2/3; got \(shard!)") }
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be positive, got \(timeout)") }
        if let memoryLimit, Quantity.size(memoryLimit).map({ $0 < 1 << 20 }) ?? true {
            throw ValidationError("--memory-limit must be a size of at least 1MiB such as 2GiB, got \(memoryLimit)")
        }
        if let repetitions, repetitions < 1 { throw ValidationError("--repetitions must be at least 1, got \(repetitions)") }
        if let warmup, warmup < 0 { throw ValidationError("--warmup must not be negative, got \(warmup)") }
    }

    func run() throws {
        var options = SuiteOptions(paths: paths, repetitions: repetitions, warmup: warmup, resultsRoot: results,
                                   quick: quick, allocator: allocator, command: ["kvbench"] + CommandLine.arguments.dropFirst())
        options.shard = parsedShard
        options.verifyDomains = verifyDomains
        options.timeout = timeout
        options.memoryLimit = memoryLimit.flatMap(Quantity.size)
        options.resume = resume
        options.profile = profile
        let code = SuiteRunner.run(options)
        if code != 0 { throw ExitCode(code) }
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check workload files without running them.",
        discussion: """
        Prints every problem as file:line:col: path: message and exits 2 if any file is invalid.
        Example:
          kvbench validate workloads/*.yaml
        """
    )

    @Argument(help: ArgumentHelp("Workload files or directories.", valueName: "files"))
    var paths: [String]

    func run() throws {
        let code = Validation.run(paths: paths)
        if code != 0 { throw ExitCode(code) }
    }
}

/// Options shared by `compare` and `gate`.
struct ComparisonOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Root under which results of git revisions are looked up.", valueName: "dir"))
    var results: String = "results"

    @Option(help: ArgumentHelp("A thresholds file (YAML: metric or prefix.* → {max_increase: 5%, max: 64MiB}); overrides the workloads' thresholds blocks.", valueName: "file"))
    var thresholds: String?

    @Option(help: ArgumentHelp("Output: text, markdown, json, junit or html (the comparison page).", valueName: "format"))
    var format: String = "text"

    @Option(help: ArgumentHelp("Also write a Markdown summary here (for a CI job summary or a pull-request comment).", valueName: "file"))
    var summary: String?

    @Flag(help: "Build a revision that has no results in a temporary git worktree (own scratch path) and run the workloads there first.")
    var runMissing = false

    @Option(help: ArgumentHelp("Workloads for --run-missing.", valueName: "dir"))
    var workloads: String = "workloads"

    @Flag(help: "Build both revisions in temporary worktrees and run their repetitions alternately (A B A B …) to cancel machine drift, then compare.")
    var interleave = false

    @Flag(help: "With --run-missing or --interleave: run the workloads with --quick.")
    var quick = false

    /// Loads thresholds, produces missing results if asked, compares, and exits with the verdict.
    func compare(_ base: String, _ candidate: String, strict: Bool, gate: Bool) throws {
        let thresholds = try loadThresholds()
        try ensureResults([base, candidate])
        let command = CompareCommand(base: base, candidate: candidate, resultsRoot: results, thresholds: thresholds,
                                     format: format, summaryFile: summary, strict: strict)
        let code = command.run(gate: gate)
        if code != 0 { throw ExitCode(code) }
    }

    func ensureResults(_ references: [String]) throws {
        if interleave {
            do throws(RevisionRunner.Failure) {
                try RevisionRunner.interleave(references, workloads: [workloads], resultsRoot: results, quick: quick)
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(3)
            }
            return
        }
        guard runMissing else { return }
        for reference in references {
            do throws(RevisionRunner.Failure) {
                try RevisionRunner.ensureResults(for: reference, workloads: [workloads], resultsRoot: results, quick: quick)
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(3)
            }
        }
    }

    func loadThresholds() throws -> [String: Threshold] {
        guard let thresholds else { return [:] }
        do throws(WorkloadError) {
            return try ThresholdsParser.parse(fileAt: thresholds)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List workload files with a one-line description each.",
        discussion: """
        Looks in the given directories recursively (default: workloads). `kvbench run workloads/` runs only
        the top level; subdirectories such as ycsb/ and perf/ are run by naming them.
        Example:
          kvbench list
        """
    )

    @Argument(help: ArgumentHelp("Directories to list.", valueName: "dirs")) var roots: [String] = ["workloads"]

    func run() throws {
        let entries = WorkloadCatalog.list(roots)
        guard !entries.isEmpty else {
            FileHandle.standardError.write(Data("error: no workload files under \(roots.joined(separator: ", "))\n".utf8))
            throw ExitCode(2)
        }
        let width = entries.map(\.file.count).max() ?? 0
        for entry in entries {
            print("\(entry.file.padding(toLength: width, withPad: " ", startingAt: 0))  \(entry.name): \(entry.description)")
        }
    }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two result sets metric by metric.",
        discussion: """
        BASE and CANDIDATE are result directories or git revisions (looked up under --results as
        <commit12>[-dirty]). For each workload × metric: medians, the ratio with a bootstrap 95% interval,
        a two-sided Mann–Whitney U p-value, and improved | regressed | unchanged | inconclusive.
        Metrics identical across repetitions are compared exactly. Exits 0 unless an input is unusable.
        Examples:
          kvbench compare HEAD~1 HEAD
          kvbench compare results/0a1b2c3d4e5f results/6a7b8c9d0e1f --format markdown
        """
    )

    @Argument(help: "Base revision or results directory.") var base: String
    @Argument(help: "Candidate revision or results directory.") var candidate: String
    @OptionGroup var options: ComparisonOptions

    func run() throws {
        try options.compare(base, candidate, strict: false, gate: false)
    }
}

struct GateCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Fail CI on regressions beyond thresholds.",
        discussion: """
        Exit codes: 0 pass, 1 regression, 2 usage or configuration error, 3 a run failed (a failed repetition
        on either side), 4 only inconclusive results (a pass unless --strict).
        Thresholds: --thresholds FILE, else each workload's thresholds block, else defaults by metric kind
        (bytes and seconds 2%, everything else 5%).
        Example:
          kvbench gate --baseline origin/main --candidate HEAD --summary $GITHUB_STEP_SUMMARY
        """
    )

    @Option(help: ArgumentHelp("Baseline revision or results directory.", valueName: "rev|dir")) var baseline: String
    @Option(help: ArgumentHelp("Candidate revision or results directory.", valueName: "rev|dir")) var candidate: String = "HEAD"
    @Flag(help: "Treat inconclusive results as a failure (exit 4).") var strict = false
    @OptionGroup var options: ComparisonOptions

    func run() throws {
        try options.compare(baseline, candidate, strict: strict, gate: true)
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Metrics over commits, with the commits that stepped them.",
        discussion: """
        Looks up results of every commit in the range (oldest first) under --results and marks a step where a
        commit moved a metric beyond its threshold with significance (the same test as compare).
        Examples:
          kvbench history                       # the last 20 commits of HEAD that have results
          kvbench history --range v1.0..HEAD --metric checkpoint.memory
        """
    )

    @Option(help: ArgumentHelp("Commit range for git rev-list (default: the last 20 commits of HEAD).", valueName: "A..B"))
    var range: String?

    @Option(help: ArgumentHelp("Only metrics starting with this prefix.", valueName: "prefix"))
    var metric: String?

    @Option(help: ArgumentHelp("Results root.", valueName: "dir"))
    var results: String = "results"

    @Option(help: ArgumentHelp("Also write the history page (self-contained HTML) here.", valueName: "file"))
    var html: String?

    func run() throws {
        let listing = Git.run(["rev-list", "--reverse"] + (range.map { [$0] } ?? ["-n", "20", "HEAD"])) ?? ""
        let root = URL(fileURLWithPath: results, isDirectory: true)
        let sets = listing.split(separator: "\n").compactMap { commit -> ResultSet? in
            let short = String(commit.prefix(12))
            return (try? ResultSet.load(directory: root.appendingPathComponent(short), label: short))
                ?? (try? ResultSet.load(directory: root.appendingPathComponent(short + "-dirty"), label: short + "-dirty"))
        }
        guard !sets.isEmpty else {
            FileHandle.standardError.write(Data("error: no commit in \(range ?? "the last 20 commits") has results under \(results)\n".utf8))
            throw ExitCode(2)
        }
        let history = History.build(sets, metricPrefix: metric)
        print(history.renderText(), terminator: "")
        if let html {
            do {
                try ResultStore.writeAtomically(Data(history.renderHTML().utf8), to: URL(fileURLWithPath: html))
            } catch {
                FileHandle.standardError.write(Data("error: writing \(html): \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
    }
}

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
        let code = ShardMerge.merge(inputs, into: into)
        if code != 0 { throw ExitCode(code) }
    }
}

/// Internal: one repetition in this (child) process. Started by `kvbench run`.
struct RepetitionChild: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_repetition", abstract: "Internal: run one repetition.", shouldDisplay: false)

    @Option var workload: String
    @Option var index: Int
    @Option var output: String
    @Flag var warmup = false
    @Flag var quick = false

    func run() throws {
        let code = RepetitionMain.run(workloadFile: workload, index: index, warmup: warmup, quick: quick, output: output)
        if code != 0 { throw ExitCode(code) }
    }
}

extension AllocatorChoice: ExpressibleByArgument {}
