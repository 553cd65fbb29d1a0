import ArgumentParser
import Foundation
import Results

/// The command line: argument parsing only. Each subcommand lives in its own file and hands over
/// to the module that does the work; every exit status is an `ExitStatus`.
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
        subcommands: [Run.self, Validate.self, List.self, MetricsCommand.self, Compare.self, GateCheck.self, Calibrate.self, Sweep.self, HistoryCommand.self,
                      DashboardCommand.self, BisectCommand.self, ExportCommand.self, IndexCommand.self, PlanCommand.self, Merge.self,
                      RepetitionCommand.self, SyntheticStoreCommand.self]
    )

    /// Parses and runs, exiting with the documented statuses: ArgumentParser's usage errors
    /// (its EX_USAGE, 64) become 2, as for every other usage error.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}

extension ExitStatus {
    /// Ends the command with this status (nothing to do on success).
    func finish() throws {
        if self != .success { throw ExitCode(rawValue) }
    }
}

/// Writes a warning line on standard error.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(TerminalText.printable(message))\n".utf8))
}

/// Writes an error line on standard error.
func report(_ message: String) {
    FileHandle.standardError.write(Data("error: \(TerminalText.printable(message))\n".utf8))
}
