import ArgumentParser
import Foundation
import Runner

/// The command line. Parsing only: every command hands over to the Runner module.
@main
struct KVBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kvbench",
        abstract: "Replay YAML workloads against an ep-engine-style KV engine and measure checkpoint memory, expel and throughput under jemalloc.",
        discussion: """
        Each repetition runs in a fresh child process with jemalloc preloaded. Results go to
        <results>/<commit12>[-dirty]/<workload>/ as run.json, summary.csv, timeseries.csv and report.html.

        Exit codes: 0 success, 2 invalid workload or usage, 3 a repetition failed or results could not be written.
        """,
        version: "0.1.0",
        subcommands: [Run.self, Validate.self, RepetitionChild.self],
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

    @Option(help: ArgumentHelp("Allocator for the repetitions: jemalloc (preloaded; exact per-domain figures) or system (no preload; jemalloc figures are reported as unavailable).", valueName: "name"))
    var allocator: AllocatorChoice = .jemalloc

    @Flag(help: "Smoke test: a tenth of the items and operations (at least 1000), 1 repetition, no warm-up, unless overridden.")
    var quick = false

    func validate() throws {
        if let repetitions, repetitions < 1 { throw ValidationError("--repetitions must be at least 1, got \(repetitions)") }
        if let warmup, warmup < 0 { throw ValidationError("--warmup must not be negative, got \(warmup)") }
    }

    func run() throws {
        let options = SuiteOptions(paths: paths, repetitions: repetitions, warmup: warmup, resultsRoot: results,
                                   quick: quick, allocator: allocator, command: ["kvbench"] + CommandLine.arguments.dropFirst())
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
