import ArgumentParser
import Foundation
import Gate
import Results

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
        let (sets, problems) = History.resultSets(range: range, root: URL(fileURLWithPath: results, isDirectory: true))
        for problem in problems { FileHandle.standardError.write(Data("warning: skipped \(problem)\n".utf8)) }
        guard !sets.isEmpty else {
            report("no commit in \(range ?? "the last 20 commits") has results under \(results)")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let history = History.build(sets, metricPrefix: metric)
        print(history.renderText(), terminator: "")
        guard let html else { return }
        do throws(ResultError) {
            try OutputFile.replaceContents(of: html, with: history.renderHTML())
        } catch {
            report("writing \(error)")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
    }
}
