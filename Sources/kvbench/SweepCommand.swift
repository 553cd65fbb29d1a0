import ArgumentParser
import Foundation
import Reports
import Results

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the page of each swept workload (matrix:), with a base commit's curves overlaid.",
        discussion: """
        `kvbench run` writes <sweep>.sweep.html beside index.html for every workload with a matrix: block: each
        headline metric's median against the matrix's first parameter, a line per value of the others. This
        command writes them again into CANDIDATE's directory with BASE's points drawn dashed on the same axes.
        CANDIDATE and BASE are result directories or git revisions (looked up under --results).
        Example:
          kvbench sweep HEAD --base HEAD~1
        """
    )

    @Argument(help: "Candidate revision or results directory.") var candidate: String
    @Option(help: ArgumentHelp("Base revision or results directory whose curves to overlay.", valueName: "rev-or-dir")) var base: String?
    @Option(help: ArgumentHelp("Root under which results of git revisions are looked up.", valueName: "dir")) var results: String = "results"

    func run() throws {
        let root = URL(fileURLWithPath: results, isDirectory: true)
        let candidateSet: ResultSet
        let baseSet: ResultSet?
        do throws(ResultError) {
            candidateSet = try ResultSet.locate(candidate, root: root)
            baseSet = try base.map { reference throws(ResultError) in try ResultSet.locate(reference, root: root) }
        } catch {
            report("\(error)")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let sweeps = SweepReport.sweeps(in: Array(candidateSet.runs.values))
        guard !sweeps.isEmpty, let directory = candidateSet.directory else {
            report("\(candidateSet.label) holds no matrix points (no workload with a matrix: was run there)")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let basePoints = baseSet.map { SweepReport.sweeps(in: Array($0.runs.values)) } ?? [:]
        for problem in candidateSet.unreadable + (baseSet?.unreadable ?? []) { warn("unreadable, left out: \(problem)") }
        for (sweep, points) in sweeps.sorted(by: { $0.key < $1.key }) {
            if let baseSet, basePoints[sweep] == nil { warn("\(baseSet.label) has no points of \(sweep): drawn without a base") }
            let page = directory.appendingPathComponent(SweepReport.fileName(sweep: sweep))
            let html = SweepReport.render(sweep: sweep, candidate: points, base: basePoints[sweep] ?? [], baseLabel: baseSet?.label)
            do {
                try ResultStore.writeAtomically(Data(html.utf8), to: page)
            } catch {
                report("\(page.path): \(error)")
                throw ExitCode(ExitStatus.runFailure.rawValue)
            }
            print(page.path)
        }
    }
}
