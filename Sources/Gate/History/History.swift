import Foundation
import ResultIndex
import Results

/// Every metric of every workload over the commits of a branch, read from the result index, with
/// the changes of level each series went through (`ChangeDetector`): steps and sustained drifts,
/// each with its commit range, size and confidence, and commits without results reported as gaps.
public struct History: Sendable {
    public var sequence: CommitSequence
    /// The result sets read, which `HistoryPoint.set` indexes.
    public var sets: [IndexedSet]
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
        let setPositions = sets.map { position[$0.commit] }
        // Series never mix workloads, hosts, quick runs or matrix points: each set belongs to one
        // such group, and a series is a group's metric (one string hashed per metric row).
        struct Group: Hashable { var workload, host: String; var quick: Bool; var point: String? }
        struct Key: Hashable { var group: Int; var metric: String }
        var groups: [Group: Int] = [:]
        let setGroups = sets.map { set in
            let group = Group(workload: set.workload, host: set.host, quick: set.quick, point: set.point)
            if let known = groups[group] { return known }
            groups[group] = groups.count
            return groups.count - 1
        }
        var seriesIndex: [Key: Int] = [:]
        var series: [HistorySeries] = []
        for metric in metrics {
            guard let at = setPositions[metric.set] else { continue }
            let set = sets[metric.set]
            let key = Key(group: setGroups[metric.set], metric: metric.name)
            let slot: Int
            if let known = seriesIndex[key] {
                slot = known
            } else {
                slot = series.count
                seriesIndex[key] = slot
                series.append(HistorySeries(workload: set.workload, metric: metric.name, unit: metric.unit, direction: metric.direction,
                                            host: set.host, quick: set.quick, point: set.point, threshold: nil, points: []))
            }
            series[slot].points.append(HistoryPoint(position: at, set: metric.set, median: metric.median, min: metric.min, max: metric.max,
                                                    values: metric.values))
            series[slot].threshold = metric.threshold
        }
        for slot in series.indices where !zip(series[slot].points, series[slot].points.dropFirst()).allSatisfy({ $0.position < $1.position }) {
            series[slot].points.sort { $0.position < $1.position }
        }
        series.sort { ($0.workload, $0.metric, $0.host, $0.point ?? "") < ($1.workload, $1.metric, $1.host, $1.point ?? "") }
        let all = series
        let changes = Parallel.map(all.indices) { ChangeDetector.changes(all[$0], index: $0, sets: sets) }.flatMap { $0 }
        var hosts: [String: String] = [:]
        for set in sets { hosts[set.host] = set.machine }
        return History(sequence: sequence, sets: sets, series: series, changes: changes, hosts: hosts, tested: Set(series.flatMap { $0.points.map(\.position) }))
    }

    /// Commits of the sequence without results in any series.
    public var gaps: [Int] { sequence.commits.indices.filter { !tested.contains($0) } }

    /// The commit at `position`, abbreviated.
    public func short(_ position: Int) -> String { String(sequence.commits[position].prefix(12)) }
}
