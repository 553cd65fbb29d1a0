import Foundation

/// What the index holds for a selection, read as history reads it (every result set and every
/// metric row with its values): `kvbench index show`, and the baseline `tool_timings` measures
/// history and dashboards against.
public struct IndexSummary: Sendable, Equatable {
    public var sets = 0
    public var commits = 0
    public var workloads = 0
    public var metricRows = 0
    public var values = 0
    /// Host fingerprint → machine, with the number of result sets.
    public var hosts: [String: (machine: String, sets: Int)] = [:]
    public var branches: [String: Int] = [:]

    public static func == (a: IndexSummary, b: IndexSummary) -> Bool {
        (a.sets, a.commits, a.workloads, a.metricRows, a.values, a.branches) == (b.sets, b.commits, b.workloads, b.metricRows, b.values, b.branches)
            && a.hosts.mapValues(\.sets) == b.hosts.mapValues(\.sets)
    }

    public init(_ index: ResultIndex, branch: String?) throws(IndexError) {
        let sets = try index.sets(SetQuery(branch: branch, includeDirty: true))
        let metrics = try index.metrics(of: sets)
        self.sets = sets.count
        commits = Set(sets.map(\.commit)).count
        workloads = Set(sets.map(\.workload)).count
        metricRows = metrics.count
        values = metrics.reduce(0) { $0 + $1.values.count }
        for set in sets {
            hosts[set.host, default: (set.machine, 0)].sets += 1
            branches[set.branch, default: 0] += 1
        }
    }

    public var text: String {
        var lines = ["\(sets) result set(s) of \(commits) commit(s) and \(workloads) workload(s): \(metricRows) metric rows, \(values) values"]
        lines += branches.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "branch \($0.key.isEmpty ? "(none)" : $0.key): \($0.value) result set(s)" }
        lines += hosts.sorted { $0.key < $1.key }.map { "host \($0.key): \($0.value.machine), \($0.value.sets) result set(s)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
