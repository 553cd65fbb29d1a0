import ArgumentParser
import Foundation
import Results
import Runner

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List workload files with a one-line description, their tags and matrix sizes.",
        discussion: """
        Looks in the given directories recursively (default: workloads). `kvbench run workloads/` runs only
        the top level; subdirectories such as ycsb/ and perf/ are run by naming them.
        Example:
          kvbench list
        """
    )

    @Argument(help: ArgumentHelp("Directories to list.", valueName: "dirs")) var roots: [String] = ["workloads"]

    func run() throws {
        for root in roots where !FileManager.default.fileExists(atPath: root) {
            report("\(root): no such directory")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let entries = WorkloadCatalog.list(roots)
        guard !entries.isEmpty else {
            report("no workload files under \(roots.joined(separator: ", "))")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let width = entries.map(\.file.count).max() ?? 0
        for entry in entries {
            var line = "\(entry.file.padding(toLength: width, withPad: " ", startingAt: 0))  \(entry.name)"
            if let points = entry.points { line += " (matrix: \(points) point\(points == 1 ? "" : "s"))" }
            if !entry.tags.isEmpty { line += " [\(entry.tags.joined(separator: ", "))]" }
            print("\(line): \(entry.description)")
        }
    }
}
