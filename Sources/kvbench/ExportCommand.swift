import ArgumentParser
import Foundation
import Gate
import Reports
import Results

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export result sets for other tools: Bencher, github-action-benchmark, InfluxDB, OpenMetrics, JSON.",
        discussion: """
        Each metric's median over the measured repetitions with its distribution-free 95% interval (the whole
        range for five or fewer repetitions), per workload:
          bmf          Bencher Metric Format: {"<workload>/<metric>": {"<unit>": {value, lower_value, upper_value}}}
          gab          github-action-benchmark's custom tools, one direction per file (--direction bigger for
                       customBiggerIsBetter, smaller for customSmallerIsBetter): [{name, unit, value, range, extra}]
          influx       InfluxDB line protocol, measurement `kvbench`, one point per metric
          openmetrics  OpenMetrics text, one gauge family per unit, ending in # EOF
          json         kvbench's flat JSON: every statistic and where it was measured
        bmf and gab describe one run, so they take one result set; influx, openmetrics and json take several.
        Examples:
          kvbench export --format bmf > bmf.json                         # HEAD's results
          kvbench export HEAD --format gab --direction smaller > smaller.json
          kvbench export HEAD~1 HEAD --format influx | curl --data-binary @- "$INFLUX/api/v2/write?..."
          kvbench export results/0a1b2c3d4e5f --format openmetrics --output kvbench.prom
        """
    )

    @Argument(help: ArgumentHelp("Result directories or git revisions (default: HEAD).", valueName: "sets"))
    var sets: [String] = ["HEAD"]

    @Option(help: ArgumentHelp("bmf, gab, influx, openmetrics or json.", valueName: "format"))
    var format: String

    @Option(help: ArgumentHelp("For gab: bigger (customBiggerIsBetter) or smaller (customSmallerIsBetter).", valueName: "which"))
    var direction: String?

    @Option(help: ArgumentHelp("Root under which revisions' results are looked up.", valueName: "dir"))
    var results: String = "results"

    @Option(help: ArgumentHelp("Write here instead of standard output.", valueName: "file"))
    var output: String?

    var parsedDirection: Direction? {
        switch direction {
        case "bigger": .higherIsBetter
        case "smaller": .lowerIsBetter
        default: nil
        }
    }

    func validate() throws {
        guard InterchangeFormats.names.contains(format) else {
            throw ValidationError("--format must be one of \(InterchangeFormats.names.joined(separator: ", ")), got \(format)")
        }
        if direction != nil && parsedDirection == nil { throw ValidationError("--direction must be bigger or smaller, got \(direction!)") }
        if format == "gab" && direction == nil {
            throw ValidationError("--format gab needs --direction bigger or smaller: github-action-benchmark reads one array per tool")
        }
        if format != "gab" && direction != nil { throw ValidationError("--direction is for --format gab only") }
        if ["bmf", "gab"].contains(format) && sets.count != 1 { throw ValidationError("--format \(format) describes one run: give one result set") }
    }

    func run() throws {
        let root = URL(fileURLWithPath: results, isDirectory: true)
        var rows: [ExportRow] = []
        var seen = Set<String>()
        for reference in sets {
            do throws(ResultError) {
                let set = try RevisionLookup.locate(reference, root: root)
                for problem in set.unreadable { FileHandle.standardError.write(Data("warning: skipped \(problem)\n".utf8)) }
                // The same set named twice (HEAD and its commit) would repeat every series.
                let fresh = set.runs.values.filter { seen.insert($0.metadata.commitDirectoryName + "/" + $0.workload.name).inserted }
                rows += fresh.sorted { $0.workload.name < $1.workload.name }.flatMap(ExportRow.rows)
            } catch {
                report("\(error)")
                throw ExitCode(ExitStatus.usage.rawValue)
            }
        }
        let text = InterchangeFormats.named(format, direction: parsedDirection)!.render(rows)
        guard let output else { return print(text, terminator: "") }
        do throws(ResultError) {
            try OutputFile.replaceContents(of: output, with: text)
        } catch {
            report("writing \(error)")
            throw ExitCode(ExitStatus.runFailure.rawValue)
        }
    }
}
