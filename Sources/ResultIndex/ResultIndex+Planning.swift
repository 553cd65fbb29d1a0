import Foundation

/// What planning a run across machines needs from past results: how long each workload took and
/// which commits already have complete results.
extension ResultIndex {
    /// Per workload, the median time of its last `recent` complete runs of `allocator` (all
    /// repetitions and warm-ups, as `IndexedSet.seconds`).
    public func durations(allocator: String = "jemalloc", recent: Int = 5) throws(IndexError) -> [String: Double] {
        let sets = try sets(SetQuery(allocator: allocator, includeDirty: true)).filter { $0.complete && $0.seconds > 0 && !$0.quick }
        var durations: [String: Double] = [:]
        for (workload, runs) in Dictionary(grouping: sets, by: \.workload) {
            let times = runs.suffix(recent).map(\.seconds).sorted()
            durations[workload] = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
        }
        return durations
    }

    /// `<commit>/<workload>` of every complete, clean result set of `commits`.
    public func completed(commits: [String], allocator: String = "jemalloc") throws(IndexError) -> Set<String> {
        Set(try sets(SetQuery(commits: commits, allocator: allocator)).filter { $0.complete && !$0.quick }.map { $0.commit + "/" + $0.workload })
    }
}
