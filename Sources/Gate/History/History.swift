import Foundation
import ResultIndex
import Results

/// Every metric of every workload over the commits of a branch, read from the result index, with
/// the changes of level each series went through (`ChangeDetector`): steps and sustained drifts,
/// each with its commit range, size and confidence, and commits without results reported as gaps.
public struct History: Sendable {
    public var sequence: CommitSequence
    public var series: [HistorySeries]
    /// Oldest first within each series; series in order.
    public var changes: [DetectedChange]
    /// Host fingerprint → the machine in words, for every host in the history.
    public var hosts: [String: String]
    /// Positions in the sequence of the commits with results in any series.
    public var tested: Set<Int>

    /// What to read: a metric prefix, one workload, one host, the allocator.
    public struct Selection: Sendable {
        public var metricPrefix: String?
        public var workload: String?
        public var host: String?
        public var allocator: String

        public init(metricPrefix: String? = nil, workload: String? = nil, host: String? = nil, allocator: String = "jemalloc") {
            self.metricPrefix = metricPrefix
            self.workload = workload
            self.host = host
            self.allocator = allocator
        }
    }

    /// Reads the series of `sequence` from `index` and detects their changes.
    public static func build(_ sequence: CommitSequence, index: ResultIndex, selection: Selection = Selection()) throws(IndexError) -> History {
        let sets = try index.sets(SetQuery(commits: sequence.commits, workload: selection.workload, host: selection.host,
                                           allocator: selection.allocator))
        let metrics = try index.metrics(of: sets, prefix: selection.metricPrefix)
        var position: [String: Int] = [:]
        for (offset, commit) in sequence.commits.enumerated() { position[commit] = offset }
        struct Key: Hashable { var workload, metric, host: String; var quick: Bool; var point: String? }
        var grouped: [Key: HistorySeries] = [:]
        for metric in metrics {
            let set = sets[metric.set]
            guard let at = position[set.commit] else { continue }
            let key = Key(workload: set.workload, metric: metric.name, host: set.host, quick: set.quick, point: set.point)
            grouped[key, default: HistorySeries(workload: set.workload, metric: metric.name, unit: metric.unit, direction: metric.direction,
                                                host: set.host, quick: set.quick, point: set.point, threshold: nil, points: [])]
                .points.append(HistoryPoint(position: at, directory: set.directory, median: metric.median, min: metric.min, max: metric.max,
                                            values: metric.values, workloadSHA256: set.workloadSHA256))
            grouped[key]!.threshold = metric.threshold
        }
        let series = grouped.values.map { entry in
            var sorted = entry
            sorted.points.sort { $0.position < $1.position }
            return sorted
        }.sorted { ($0.workload, $0.metric, $0.host, $0.point ?? "") < ($1.workload, $1.metric, $1.host, $1.point ?? "") }
        let changes = series.enumerated().flatMap { ChangeDetector.changes($1, index: $0, sequence: sequence.commits) }
        var hosts: [String: String] = [:]
        for set in sets { hosts[set.host] = set.machine }
        return History(sequence: sequence, series: series, changes: changes, hosts: hosts, tested: Set(series.flatMap { $0.points.map(\.position) }))
    }

    /// Commits of the sequence without results in any series.
    public var gaps: [Int] { sequence.commits.indices.filter { !tested.contains($0) } }

    /// The commit at `position`, abbreviated.
    public func short(_ position: Int) -> String { String(sequence.commits[position].prefix(12)) }
}
