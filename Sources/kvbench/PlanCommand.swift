import ArgumentParser
import Foundation
import Gate
import ResultIndex
import Results
import Runner

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Split commits × workloads over the jobs of a GitHub Actions matrix by past durations.",
        discussion: """
        Prints {"include": [{name, commits, workloads, seconds}, ...]} on one line, for
        `strategy.matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}`; each job runs its workloads at each of its
        commits with `kvbench run --resume` (README: "Many machines"). Durations are each workload's median over
        its last five complete runs in the index; a workload never run gets the median of the others. Commit ×
        workload pairs with complete results are left out unless --all. At most 256 jobs (GitHub's limit per
        matrix): with more commits than jobs, whole commits share a job.
        Examples:
          kvbench plan workloads/ --jobs 8                          # HEAD's suite on 8 runners
          kvbench plan workloads/ --range v1.0..main --jobs 64      # back-fill a branch's history
          kvbench plan workloads/ --commits $(kvbench bisect --metric checkpoint.memory --count 3)
        """
    )

    @Argument(help: ArgumentHelp("Workload files or directories, as for `kvbench run`.", valueName: "files-or-dirs"))
    var paths: [String]

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Commits to run (any git revisions; default: HEAD).", valueName: "revs"))
    var commits: [String] = []

    @Option(help: ArgumentHelp("Every first-parent commit of this git range instead.", valueName: "A..B"))
    var range: String?

    @Option(help: ArgumentHelp("Jobs to spread over (at most 256).", valueName: "n"))
    var jobs: Int = MatrixPlan.githubJobLimit

    @Option(help: ArgumentHelp("Results root whose index gives past durations and completed results.", valueName: "dir"))
    var results: String = "results"

    @Flag(help: "Also plan commit × workload pairs that already have complete results.")
    var all = false

    func validate() throws {
        guard (1...MatrixPlan.githubJobLimit).contains(jobs) else {
            throw ValidationError("--jobs must be between 1 and \(MatrixPlan.githubJobLimit) (GitHub Actions' limit per matrix), got \(jobs)")
        }
        if range != nil && !commits.isEmpty { throw ValidationError("--commits and --range choose the commits two ways; give one") }
    }

    func run() throws {
        let revisions = try resolvedCommits()
        let request = HistoryRequest(root: URL(fileURLWithPath: results, isDirectory: true), branch: nil, range: nil, selection: .init())
        var durations: [String: Double] = [:]
        var completed = Set<String>()
        if FileManager.default.fileExists(atPath: request.root.path) {
            do throws(HistoryRequest.Failure) {
                let index = try request.openIndex { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }
                durations = (try? index.durations()) ?? [:]
                completed = all ? [] : ((try? index.completed(commits: revisions)) ?? [])
            } catch {
                report(error.description)
                throw ExitCode(ExitStatus.usage.rawValue)
            }
        }
        do throws(MatrixPlan.Failure) {
            let plan = try MatrixPlan.plan(paths: paths, commits: revisions, durations: durations, completed: completed, jobs: jobs)
            let longest = plan.jobs.map(\.seconds).max() ?? 0, total = plan.jobs.reduce(0) { $0 + $1.seconds }
            var line = "plan: \(plan.units) commit × workload pair(s) in \(plan.jobs.count) job(s), ~\(total) s in all, the longest ~\(longest) s"
            if plan.complete > 0 { line += "; \(plan.complete) already complete, left out" }
            if !plan.unknown.isEmpty { line += "; no past duration for \(plan.unknown.joined(separator: ", "))" }
            FileHandle.standardError.write(Data((line + "\n").utf8))
            print(plan.matrixJSON)
        } catch {
            report(error.description)
            throw ExitCode(ExitStatus.usage.rawValue)
        }
    }

    /// Full commit ids of --commits or --range (default HEAD), each once.
    private func resolvedCommits() throws -> [String] {
        let listed: [String]
        if let range {
            guard let listing = Git.run(["rev-list", "--first-parent", "--reverse", range]) else {
                report("git does not know the range \(range)")
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            listed = listing.split(separator: "\n").map(String.init)
        } else {
            listed = commits.isEmpty ? ["HEAD"] : commits
        }
        var seen = Set<String>()
        return try listed.compactMap { revision in
            guard let commit = Git.resolve(revision) else {
                report("\(revision) is not a git revision here")
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            return seen.insert(commit).inserted ? commit : nil
        }
    }
}
