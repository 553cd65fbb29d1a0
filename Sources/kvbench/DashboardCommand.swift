import ArgumentParser
import Foundation
import Gate

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Write the history dashboard of a branch: one self-contained page of charts over its commits.",
        discussion: """
        One chart per workload × metric over every commit of the branch: value axis in the metric's unit,
        abbreviated commits along the bottom, a band from the lowest to the highest repetition, the median line
        (dashed across commits without results, ticked in red), each change's commit range shaded, and every point
        a link to its commit's report. Filters by workload, metric and "with a change" work offline and without
        JavaScript. The page goes to <results>/dashboards/<branch>.html unless --output says otherwise.
        Examples:
          kvbench dashboard                                 # the current branch
          kvbench dashboard --branch main --output /tmp/main.html
          kvbench dashboard --metric ops. --workload ycsb-a
        """
    )

    @OptionGroup var options: HistoryOptions

    @Option(help: ArgumentHelp("Where to write the page (default: <results>/dashboards/<branch>.html).", valueName: "file"))
    var output: String?

    func run() throws {
        let history = try options.load()
        let root = options.request.root
        let page = output.map { URL(fileURLWithPath: $0) } ?? DashboardLocation.defaultPage(root: root, branch: history.sequence.branch)
        let written = try writePage(history.renderDashboard(linkPrefix: DashboardLocation.linkPrefix(page: page, root: root)),
                                    userPath: output, defaultPath: page)
        FileHandle.standardError.write(Data("dashboard: \(written) (\(history.series.count) series, \(history.changes.count) change(s))\n".utf8))
    }
}
