import ArgumentParser
import Foundation
import Gate
import Results

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Changes of level over every commit of a branch: steps and drifts, with their commit ranges.",
        discussion: """
        Reads every result set of the branch's first-parent commits from the results index and finds, per
        workload × metric (and host), where the per-commit medians change level: PELT change points refined into
        steps and sustained drifts, each confirmed by a Mann–Whitney test of the repetitions on both sides. Each
        change is printed with its size, confidence and commit range; commits without results inside a range are
        listed as a gap (`kvbench bisect` proposes which to run), never blamed on the next commit.
        Examples:
          kvbench history                                   # the current branch
          kvbench history --branch main --metric checkpoint.memory
          kvbench history --range v1.0..HEAD --workload checkpoint-expel
          kvbench history --html history.html               # also write the dashboard page
        """
    )

    @OptionGroup var options: HistoryOptions

    @Option(help: ArgumentHelp("Also write the dashboard page (as `kvbench dashboard`) here.", valueName: "file"))
    var html: String?

    func run() throws {
        let history = try options.load()
        print(history.renderText(), terminator: "")
        guard let html else { return }
        let page = URL(fileURLWithPath: html)
        _ = try writePage(history.renderDashboard(linkPrefix: DashboardLocation.linkPrefix(page: page, root: options.request.root)),
                          userPath: html, defaultPath: page)
    }
}
