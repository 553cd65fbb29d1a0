import Foundation
import Results

/// `kvbench history` on a terminal: what the history covers, then one block per change of level
/// (newest first), then the count of quiet series.
extension History {
    public func renderText() -> String {
        var lines = [summary]
        if hosts.count > 1 {
            lines.append("hosts: " + hosts.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: "; ")
                         + " — each series is of one host")
        }
        lines.append("")
        for change in changes.sorted(by: { ($0.last, $0.series) > ($1.last, $1.series) }) {
            lines += describe(change)
        }
        let changed = Set(changes.map(\.series)).count
        lines.append("\(changes.count) change(s) in \(changed) series; \(series.count - changed) series without a change")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `main: 500 commits a1b2…c3d4, 497 with results, 3 without`.
    var summary: String {
        let commits = sequence.commits
        var text = "\(sequence.branch): \(commits.count) commit(s) \(commits.first.map { String($0.prefix(12)) } ?? "")"
            + "..\(commits.last.map { String($0.prefix(12)) } ?? ""), \(tested.count) with results"
        if sequence.fromGit {
            text += ", \(commits.count - tested.count) without"
            if sequence.untestedNewer > 0 { text += "; \(sequence.untestedNewer) newer commit(s) have no results yet" }
        } else {
            text += " (in the order the results were made: git does not know \(sequence.branch) here, so gaps cannot be seen)"
        }
        return text
    }

    /// A change in a few lines: the series, what it did, where, and any gap it spans.
    func describe(_ change: DetectedChange) -> [String] {
        let entry = series[change.series]
        let size = change.relative.map { String(format: "%+.2f%%", $0 * 100) } ?? "from 0"
        let values = "\(NumberText.human(change.from, unit: entry.unit)) → \(NumberText.human(change.to, unit: entry.unit))"
        let what = change.outcome.rawValue + (change.beyondThreshold ? "" : " (within its \(thresholdText(entry)) threshold)")
        var lines = ["\(entry.label) [\(entry.unit)]\(hosts.count > 1 ? " on \(entry.host)" : ""): \(what) \(size) (\(values)), "
                     + String(format: "confidence %.1f%%", change.confidence * 100)]
        let range = change.range(in: sequence.commits)
        switch change.kind {
        case .step where change.untested.isEmpty:
            lines.append("    step at \(short(change.last)) (after \(short(change.before)))")
        case .step:
            lines.append("    step in \(range): \(change.untested.count) commit(s) without results before \(short(change.last)), any of which may have made it")
        case .drift:
            let moved = change.span - change.untested.count
            lines.append("    drift over \(change.span) commit(s) \(range) (\(moved) with results moved it step by step)")
        }
        if !change.untested.isEmpty {
            lines.append("    gap: \(change.untested.map(short).joined(separator: " ")) — `kvbench bisect --metric \(entry.metric)` proposes which to run")
        }
        if change.workloadChanged { lines.append("    note: the workload file changed within this range") }
        return lines
    }

    private func thresholdText(_ series: HistorySeries) -> String {
        series.threshold.map { String(format: "%.1f%%", $0 * 100) } ?? "default"
    }
}
