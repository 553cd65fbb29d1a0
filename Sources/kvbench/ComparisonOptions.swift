import ArgumentParser
import Foundation
import Gate
import Reports
import Results
import Runner
import Workload

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

    @Flag(help: "Compare results whose workload text, allocator or --quick setting differ (gate refuses them otherwise, exit 2).")
    var allowMismatch = false

    func validate() throws {
        if results.isEmpty { throw ValidationError("--results must name a directory") }
    }

    /// Loads thresholds, produces missing results if asked, compares, and exits with the verdict.
    func compare(_ base: String, _ candidate: String, strict: Bool, gate: Bool) throws {
        let thresholds = try Self.loadThresholds(thresholds)
        let sets = try ensureResults([base, candidate])
        let command = CompareCommand(base: sets[0], candidate: sets[1], resultsRoot: results, thresholds: thresholds,
                                     format: format, summaryFile: summary, strict: strict, allowMismatch: allowMismatch)
        try command.run(gate: gate).finish()
    }

    /// The result sets to compare: the references as given, or the directories an interleaved
    /// run just wrote.
    private func ensureResults(_ references: [String]) throws -> [String] {
        do throws(RevisionRunner.Failure) {
            if interleave {
                return try RevisionRunner.interleave(references, workloads: [workloads], resultsRoot: results, quick: quick,
                                                     sinks: { ResultPublisher(root: $0) })
            } else if runMissing {
                for reference in references {
                    try RevisionRunner.ensureResults(for: reference, workloads: [workloads], resultsRoot: results, quick: quick)
                }
            }
            return references
        } catch {
            report(error.description)
            throw ExitCode(ExitStatus.runFailure.rawValue)
        }
    }

    /// A thresholds file's contents; an unreadable or invalid file is a usage error (2).
    static func loadThresholds(_ path: String?) throws -> [String: Threshold] {
        guard let thresholds = path else { return [:] }
        do throws(WorkloadError) {
            return try ThresholdsParser.parse(fileAt: thresholds)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
    }
}
