import Foundation
@testable import Gate
@_spi(Testing) import ResultIndex
import Results
import TestSupport
import XCTest

/// History read from a result index: changes reported with their commit ranges, a commit without
/// results reported as a gap rather than blamed on the next one, bisect proposing it, series kept
/// apart by host, and the text and dashboard saying so.
final class HistoryTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws { root = try TestPaths.scratchDirectory("kvbench-history") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    /// 120 commits × 2 workloads × 3 metrics, 5 repetitions at 0.5% noise. Workload 0: +3% from
    /// commit 40, whose results are missing, and +1% per commit over 70…77; workload 1: flat.
    func store() throws -> (History, [String]) {
        var store = SyntheticStore()
        (store.commits, store.workloads, store.metrics, store.repetitions, store.noise) = (120, 2, 3, 5, 0.005)
        store.skipped = [40]
        store.level = { workload, position in
            guard workload == 0 else { return 1 }
            return (position >= 40 ? 1.03 : 1) * (1 + 0.01 * Double(min(max(position - 69, 0), 8)))
        }
        let commits = try store.write(to: root)
        let index = try ResultIndex(root: root)
        let sequence = CommitSequence(branch: "main", commits: commits, fromGit: true, untestedNewer: 0)
        return (try History.build(sequence, index: index), commits)
    }

    func testChangesHaveTheirRangesAndAGapIsNotBlamedOnTheNextCommit() throws {
        let (history, _) = try store()
        XCTAssertEqual(history.series.count, 6)
        XCTAssertEqual(history.gaps, [40])
        let byWorkload = Dictionary(grouping: history.changes) { history.series[$0.series].workload }
        XCTAssertNil(byWorkload["workload-1"], "a flat workload has no change: \(byWorkload["workload-1"] ?? [])")
        let changes = try XCTUnwrap(byWorkload["workload-0"])
        XCTAssertEqual(changes.count, 6, "a step and a drift in each of three metrics: \(changes)")
        for change in changes {
            let series = history.series[change.series]
            XCTAssertGreaterThanOrEqual(change.confidence, 0.95)
            XCTAssertEqual(change.outcome, series.direction == .higherIsBetter ? .improved : .regressed, series.metric)
            switch change.kind {
            case .step:
                XCTAssertEqual([change.before, change.first, change.last], [39, 41, 41], "\(series.metric): \(change)")
                XCTAssertEqual(change.untested, [40])
                XCTAssertEqual(try XCTUnwrap(change.relative), 0.03, accuracy: 0.005)
            case .drift:
                XCTAssertTrue((68...70).contains(change.before) && (76...78).contains(change.last), "\(series.metric): \(change)")
                XCTAssertEqual(change.untested, [])
                XCTAssertEqual(try XCTUnwrap(change.relative), 0.083, accuracy: 0.01)
            }
        }
        let text = history.renderText()
        XCTAssertTrue(text.contains("main: 120 commit(s)"), text)
        XCTAssertTrue(text.contains("1 commit(s) without results before"), text)
        XCTAssertTrue(text.contains("drift over"), text)
        XCTAssertTrue(text.contains("6 change(s) in 3 series; 3 series without a change"), text)
    }

    func testBisectProposesTheUntestedCommitsOfAChange() throws {
        let (history, commits) = try store()
        let (proposals, narrowed) = Bisect.propose(history, count: 1)
        XCTAssertEqual(proposals.map(\.commit), [commits[40]])
        XCTAssertEqual(narrowed.count, 3, "each drift has results on every commit: \(narrowed)")
        XCTAssertEqual(Bisect.spread(Array(10..<17), count: 1), [13])
        XCTAssertEqual(Bisect.spread(Array(0..<8), count: 2), [2, 5])
        XCTAssertEqual(Bisect.spread([4, 5], count: 3), [4, 5])
    }

    /// The page holds a chart per series, with the change's range shaded and each commit with
    /// results linked to its report through the prefix given.
    func testDashboardChartsEverySeriesAndLinksEveryPoint() throws {
        let (history, commits) = try store()
        let page = history.renderDashboard(linkPrefix: "../")
        XCTAssertEqual(page.components(separatedBy: "<section class=\"chart").count - 1, 6)
        XCTAssertEqual(page.components(separatedBy: "<a href=\"../").count - 1, 6 * 119)
        XCTAssertTrue(page.contains("href=\"../\(commits[41].prefix(12))/workload-0/report.html\""))
        XCTAssertFalse(page.contains("\(commits[40].prefix(12))/workload-0/report.html"), "the gap has no point")
        XCTAssertTrue(page.contains("class=\"change regressed\""))
        XCTAssertTrue(page.contains("class=\"change improved\""), "throughput rose")
        XCTAssertEqual(DashboardLocation.linkPrefix(page: root.appendingPathComponent("dashboards/main.html"), root: root), "../")
        XCTAssertEqual(DashboardLocation.linkPrefix(page: root.appendingPathComponent("x.html"), root: root), "")
        XCTAssertEqual(DashboardLocation.defaultPage(root: root, branch: "feature/a b").lastPathComponent, "feature-a-b.html")
    }
}
