/// `kvbench bisect`: the commits to run next to narrow down where a metric changed. A change
/// whose range holds commits without results may lie in any of them; running the one in the
/// middle halves the range (as `git bisect` does), and running `count` of them evenly spread cuts
/// it into `count + 1` parts in one round of parallel jobs.
public enum Bisect {
    public struct Proposal: Sendable, Equatable {
        /// Full commit id.
        public var commit: String
        /// The change it narrows, in words.
        public var reason: String
    }

    /// The proposals for every change of `history` with untested commits in its range (each
    /// commit once), and the changes already narrowed to commits with results.
    public static func propose(_ history: History, count: Int) -> (proposals: [Proposal], narrowed: [String]) {
        var proposals: [Proposal] = []
        var narrowed: [String] = []
        var proposed = Set<String>()
        for change in history.changes.sorted(by: { ($0.last, $0.series) > ($1.last, $1.series) }) {
            let series = history.series[change.series]
            let range = change.range(in: history.sequence.commits)
            guard !change.untested.isEmpty else {
                narrowed.append("\(series.label): \(change.kind == .step ? "made by \(history.short(change.last))" : "a drift over \(range), every commit of which has results")")
                continue
            }
            for position in spread(change.untested, count: count) {
                let commit = history.sequence.commits[position]
                guard proposed.insert(commit).inserted else { continue }
                proposals.append(Proposal(commit: commit, reason: "\(series.label) changed in \(range) (\(change.untested.count) untested)"))
            }
        }
        return (proposals, narrowed)
    }

    /// `count` elements of `items` evenly spread, excluding the ends' neighbours when there is room:
    /// one is the middle, two the thirds.
    static func spread(_ items: [Int], count: Int) -> [Int] {
        guard items.count > count else { return items }
        return (1...count).map { items[$0 * (items.count + 1) / (count + 1) - 1] }
    }
}
