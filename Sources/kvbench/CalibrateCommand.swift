import ArgumentParser
import Foundation
import Gate
import Reports
import Results
import Runner
import Workload

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run A/A pairs of this build and report what the gate can and cannot see on this machine.",
        discussion: """
        Each pair runs the workloads twice with this kvbench, repetitions interleaved (A B A B …), and compares
        the two result sets as `kvbench gate` would. Reported per gated metric: false alarms over the pairs, the
        largest A/A change, and the smallest change in the worse direction the gate detects at the configured
        repetitions (or the repetitions it would need). Results go to <results>/calibration/<time>/pairN/.
        Exit codes: 0 the gate passed every pair, 1 it failed at least one, 2 usage, 3 a run failed.
        Examples:
          kvbench calibrate workloads/ --pairs 5
          kvbench calibrate workloads/checkpoint-expel.yaml --pairs 3 --write-thresholds thresholds.yaml
        """
    )

    @Argument(help: ArgumentHelp("Workload files, or directories whose *.yaml files to run.", valueName: "files-or-dirs"))
    var paths: [String]

    @Option(help: ArgumentHelp("A/A pairs to run.", valueName: "n")) var pairs = 5

    @Option(help: ArgumentHelp("Measured repetitions per side (default: each workload's own).", valueName: "n")) var repetitions: Int?

    @Option(help: ArgumentHelp("Root directory for the pairs' results.", valueName: "dir")) var results: String = "results"

    @Option(help: ArgumentHelp("Thresholds file to calibrate (as for gate).", valueName: "file")) var thresholds: String?

    @Option(help: ArgumentHelp("Write thresholds that every pair would have passed (relative limits raised above the A/A changes that counted) to this file.", valueName: "file"))
    var writeThresholds: String?

    @Flag(help: "Run the workloads with --quick.") var quick = false

    func validate() throws {
        if !(1...100).contains(pairs) { throw ValidationError("--pairs must be between 1 and 100, got \(pairs)") }
        if let repetitions, !Limits.repetitions.contains(repetitions) {
            throw ValidationError("--repetitions must be between \(Limits.repetitions.lowerBound) and \(Limits.repetitions.upperBound), got \(repetitions)")
        }
        if results.isEmpty { throw ValidationError("--results must name a directory") }
    }

    func run() throws {
        let thresholds = try ComparisonOptions.loadThresholds(thresholds)
        let progress = ProgressLog()
        let root = URL(fileURLWithPath: results, isDirectory: true)
            .appendingPathComponent("calibration/\(RevisionRunner.timestamp())", isDirectory: true)
        var sets: [(ResultSet, ResultSet)] = []
        do {
            for pair in 1...pairs {
                progress.line("calibrate: pair \(pair) of \(pairs)")
                let directories = try RevisionRunner.runAgainstItself(
                    workloads: paths, root: root.appendingPathComponent("pair\(pair)"), quick: quick, repetitions: repetitions,
                    command: ["kvbench"] + CommandLine.arguments.dropFirst(), sinks: { ResultPublisher(root: $0) }, progress: progress)
                sets.append((try ResultSet.load(directory: URL(fileURLWithPath: directories[0]), label: "pair\(pair)/a"),
                             try ResultSet.load(directory: URL(fileURLWithPath: directories[1]), label: "pair\(pair)/b")))
            }
        } catch {
            report("\(error)")
            throw ExitCode(ExitStatus.runFailure.rawValue)
        }
        let calibration = Calibration.analyse(sets, thresholds: thresholds)
        FileHandle.standardOutput.write(Data(calibration.text().utf8))
        if let writeThresholds {
            do throws(ResultError) {
                try OutputFile.replaceContents(of: writeThresholds, with: calibration.thresholdsYAML())
                progress.line("calibrate: thresholds written to \(writeThresholds)")
            } catch {
                report("writing \(error)")
                throw ExitCode(ExitStatus.runFailure.rawValue)
            }
        }
        if !calibration.problems.isEmpty { throw ExitCode(ExitStatus.runFailure.rawValue) }
        if calibration.failedPairs > 0 { throw ExitCode(ExitStatus.regression.rawValue) }
    }
}
