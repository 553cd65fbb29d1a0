import Foundation
import Workload

/// `kvbench plan`: spreads commits × workloads over the jobs of a CI matrix so that the longest
/// job is as short as can be, by each workload's past duration. While there are no more commits
/// than jobs, each job runs part of one commit's workloads (each commit gets jobs in proportion
/// to its work); beyond that, whole commits are packed into jobs (longest first onto the job with
/// least work). A job lists its commits and workloads; it runs them with `kvbench run --resume`,
/// which skips what is already complete.
public enum MatrixPlan {
    /// GitHub Actions runs at most 256 jobs from one matrix.
    public static let githubJobLimit = 256

    /// One job of the matrix, as GitHub Actions' `include` entries spell it.
    public struct Job: Codable, Sendable, Equatable {
        public var name: String
        /// Full commit ids, space-separated.
        public var commits: String
        /// Workload files, space-separated, as given.
        public var workloads: String
        /// Estimated seconds.
        public var seconds: Int
    }

    public struct Plan: Sendable {
        public var jobs: [Job]
        /// Commit × workload pairs planned, and those left out because they are complete.
        public var units: Int
        public var complete: Int
        /// Workloads without a past duration (estimated at the median of the others, or all
        /// alike when none has one).
        public var unknown: [String]

        /// `{"include": [...]}`, one line: what `strategy.matrix: ${{ fromJSON(...) }}` reads.
        public var matrixJSON: String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: (try? encoder.encode(["include": jobs])) ?? Data(), as: UTF8.self)
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    struct Unit {
        var commit: String
        var file: String
        var seconds: Double
    }

    /// The plan for `commits` × the workloads of `paths` (as `kvbench run` selects them), given
    /// past `durations` by workload name and the `completed` `<commit>/<workload>` pairs.
    public static func plan(paths: [String], commits: [String], durations: [String: Double], completed: Set<String>,
                            jobs limit: Int) throws(Failure) -> Plan {
        let options = SuiteOptions(paths: paths, repetitions: nil, warmup: nil, resultsRoot: "", quick: false, command: [])
        let workloads: [Workload]
        switch SuitePlanner.plan(options) {
        case .success(let plan): workloads = plan.workloads.map(\.workload)
        case .failure(let errors): throw Failure(description: errors.messages.joined(separator: "\n"))
        }
        if let spaced = workloads.first(where: { $0.sourcePath.contains(where: \.isWhitespace) }) {
            throw Failure(description: "\(spaced.sourcePath): a matrix lists files separated by spaces; rename it without them")
        }
        let known = durations.filter { name, _ in workloads.contains { $0.name == name } }.values.sorted()
        let fallback = known.isEmpty ? 1 : known[known.count / 2]
        var units: [Unit] = []
        var complete = 0
        for commit in commits {
            for workload in workloads {
                if completed.contains(commit + "/" + workload.name) { complete += 1; continue }
                units.append(Unit(commit: commit, file: workload.sourcePath, seconds: durations[workload.name] ?? fallback))
            }
        }
        let count = min(limit, units.count)
        let bins = Set(units.map(\.commit)).count <= count ? splitCommits(units, jobs: count) : packCommits(units, jobs: count)
        let jobs = bins.enumerated().map { offset, bin in
            let commits = unique(bin.map(\.commit)), files = unique(bin.map(\.file))
            let seconds = Int(bin.reduce(0) { $0 + $1.seconds }.rounded())
            return Job(name: "\(offset + 1): \(commits.count) commit(s) × \(files.count) workload(s), ~\(seconds) s",
                       commits: commits.joined(separator: " "), workloads: files.joined(separator: " "), seconds: seconds)
        }
        return Plan(jobs: jobs, units: units.count, complete: complete,
                    unknown: workloads.map(\.name).filter { durations[$0] == nil })
    }

    /// Each commit gets at least one job, and the others go one by one to the commit whose jobs
    /// would otherwise run longest; within a commit, units are packed longest first.
    static func splitCommits(_ units: [Unit], jobs: Int) -> [[Unit]] {
        let byCommit = Dictionary(grouping: units, by: \.commit)
        let order = unique(units.map(\.commit))
        var share = Dictionary(uniqueKeysWithValues: order.map { ($0, 1) })
        func load(_ commit: String) -> Double { byCommit[commit]!.reduce(0) { $0 + $1.seconds } / Double(share[commit]!) }
        for _ in 0..<max(0, jobs - order.count) {
            guard let busiest = order.filter({ share[$0]! < byCommit[$0]!.count }).max(by: { load($0) < load($1) }) else { break }
            share[busiest]! += 1
        }
        return order.flatMap { pack(byCommit[$0]!, into: share[$0]!, weight: \.seconds) }
    }

    /// More commits than jobs: whole commits, longest first, onto the job with least work.
    static func packCommits(_ units: [Unit], jobs: Int) -> [[Unit]] {
        let byCommit = Dictionary(grouping: units, by: \.commit)
        let commits = unique(units.map(\.commit)).map { byCommit[$0]! }
        return pack(commits, into: jobs, weight: { $0.reduce(0) { $0 + $1.seconds } }).map { $0.flatMap { $0 } }
    }

    /// Longest-processing-time-first packing of `items` into `count` bins; empty bins dropped.
    static func pack<Item>(_ items: [Item], into count: Int, weight: (Item) -> Double) -> [[Item]] {
        var bins = [[Item]](repeating: [], count: max(1, count))
        var loads = [Double](repeating: 0, count: bins.count)
        for item in items.sorted(by: { weight($0) > weight($1) }) {
            let lightest = loads.indices.min { loads[$0] < loads[$1] }!
            bins[lightest].append(item)
            loads[lightest] += weight(item)
        }
        return bins.filter { !$0.isEmpty }
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
