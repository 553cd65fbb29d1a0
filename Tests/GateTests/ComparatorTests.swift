import Foundation
import FoundationXML
import Gate
import Results
import XCTest

final class ComparatorTests: XCTestCase {
    /// Compares as for a metric of `definition`'s unit, direction and kind (a time by default).
    private func compare(_ base: [Double], _ candidate: [Double], _ definition: MetricDefinition = Metrics.phaseDuration,
                         threshold: Threshold? = nil) -> MetricComparison {
        Comparator.compareMetric(workload: "w", metric: "m", unit: definition.unit.rawValue, direction: definition.direction, base: base,
                                 candidate: candidate, threshold: threshold ?? Threshold.defaultFor(definition))
    }

    func testDeterministicMetricsCompareExactly() {
        let bytes = Metrics.primaryAllocated
        XCTAssertEqual(compare([1000, 1000], [1200, 1200], bytes).outcome, .regressed)
        XCTAssertEqual(compare([1000, 1000], [1010, 1010], bytes).outcome, .unchanged, "1% is within the 2% default")
        XCTAssertEqual(compare([1000, 1000], [800, 800], bytes).outcome, .improved)
        XCTAssertNil(compare([1000, 1000], [1200, 1200], bytes).pValue)
        XCTAssertEqual(compare([1000], [1200], bytes).outcome, .inconclusive, "one repetition is not evidence of determinism")
    }

    /// Two repetitions with a 3% timing change: beyond the 2% default, but two samples can never
    /// be significant, so the outcome is inconclusive.
    func testThreePercentWithTwoRepetitionsIsInconclusive() {
        let result = compare([1.00, 1.01], [1.03, 1.04])
        XCTAssertEqual(result.outcome, .inconclusive)
        XCTAssertEqual(result.pValue ?? 0, 1.0 / 3, accuracy: 1e-9)
    }

    func testSignificantChangesAndDirections() {
        let base: [Double] = [100, 101, 99, 100, 102]
        XCTAssertEqual(compare(base, base.map { $0 * 1.2 }).outcome, .regressed)
        XCTAssertEqual(compare(base, base.map { $0 * 1.2 }, Metrics.operationThroughput).outcome, .improved)
        XCTAssertEqual(compare(base, base.map { $0 * 1.01 }).outcome, .unchanged)
        let absolute = compare([10, 11, 10, 11, 10], [12, 13, 12, 13, 12], Metrics.primaryAllocated, threshold: Threshold(relative: 1, absolute: 11.5))
        XCTAssertEqual(absolute.outcome, .regressed, "the absolute limit is breached significantly")
    }

    /// A metric without a better direction (what expel freed) is reported as changed either way,
    /// never as a regression or an improvement, and does not fail the gate.
    func testMetricsWithoutDirectionAreOnlyEverChanged() {
        let freed = Metrics.engineFreedByExpel
        XCTAssertEqual(compare([1000, 1000], [1200, 1200], freed).outcome, .changed)
        XCTAssertEqual(compare([1000, 1000], [800, 800], freed).outcome, .changed)
        XCTAssertEqual(compare([1000, 1000], [1005, 1005], freed).outcome, .unchanged)
        let base: [Double] = [100, 101, 99, 100, 102]
        XCTAssertEqual(compare(base, base.map { $0 * 0.8 }, freed).outcome, .changed)
        XCTAssertEqual(GateVerdict.decide(report([.changed, .unchanged]), strict: true), .pass)
    }

    func testThresholdResolution() {
        let declared = ["checkpoint.memory.*": Threshold(relative: 0.1), "checkpoint.memory.after_expel": Threshold(relative: 0.01)]
        XCTAssertEqual(Threshold.resolve("checkpoint.memory.after_expel", in: declared).relative, 0.01)
        XCTAssertEqual(Threshold.resolve("checkpoint.memory.before_expel", in: declared).relative, 0.1)
        XCTAssertEqual(Threshold.resolve("ops.set.throughput", in: declared).relative, 0.05, "a rate's default")
        XCTAssertEqual(Threshold.resolve("mem.primary.allocated", in: declared).relative, 0.02, "bytes' default")
        XCTAssertEqual(Threshold.resolve("phase.3.1.0.mutate.duration", in: declared).relative, 0.02, "a time's default")
        XCTAssertEqual(Threshold.resolve("from.a.newer.kvbench", in: declared).relative, 0.05, "an unknown metric's default")
    }

    private func report(_ outcomes: [Outcome], failed: [String] = []) -> ComparisonReport {
        ComparisonReport(base: "a", candidate: "b", comparisons: outcomes.enumerated().map { index, outcome in
            var c = compare([1, 1], [1, 1])
            c.metric = "m\(index) <&>"
            c.outcome = outcome
            return c
        }, unmatched: [], failedRuns: failed)
    }

    func testGateExitCodes() {
        XCTAssertEqual(GateVerdict.decide(report([.unchanged, .improved]), strict: false), .pass)
        XCTAssertEqual(GateVerdict.decide(report([.unchanged, .regressed, .inconclusive]), strict: false), .regression)
        XCTAssertEqual(GateVerdict.decide(report([.inconclusive]), strict: false), .pass)
        XCTAssertEqual(GateVerdict.decide(report([.inconclusive]), strict: true).status.rawValue, 4)
        XCTAssertEqual(GateVerdict.decide(report([.regressed], failed: ["b/w"]), strict: false).status.rawValue, 3)
    }

    func testJUnitIsWellFormedWithOneCasePerMetric() throws {
        let xml = JUnitComparison().render(report([.regressed, .inconclusive, .unchanged]))
        let document = try XMLDocument(xmlString: xml)
        XCTAssertEqual(try document.nodes(forXPath: "//testcase").count, 3)
        XCTAssertEqual(try document.nodes(forXPath: "//testcase/failure").count, 1)
        XCTAssertEqual(try document.nodes(forXPath: "//testcase/skipped").count, 1)
    }

    func testMarkdownIsATable() {
        let markdown = MarkdownComparison().render(report([.regressed, .unchanged]))
        let lines = markdown.split(separator: "\n")
        let header = lines.firstIndex { $0.hasPrefix("| outcome |") }
        XCTAssertNotNil(header)
        XCTAssertTrue(lines[header! + 1].hasPrefix("|---|"))
        XCTAssertEqual(lines.filter { $0.hasPrefix("| ") }.count, 3, "header + 2 rows")
        XCTAssertTrue(lines[header! + 2].contains("regressed"), "regressions first")
    }
}
