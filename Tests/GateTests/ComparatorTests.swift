import Foundation
import FoundationXML
import Gate
import Results
import XCTest

final class ComparatorTests: XCTestCase {
    private func compare(_ base: [Double], _ candidate: [Double], unit: String = "seconds", direction: Direction = .lowerIsBetter,
                         threshold: Threshold? = nil) -> MetricComparison {
        Comparator.compareMetric(workload: "w", metric: "m", unit: unit, direction: direction, base: base, candidate: candidate,
                                 threshold: threshold ?? Threshold.defaultFor(unit: unit))
    }

    func testDeterministicMetricsCompareExactly() {
        XCTAssertEqual(compare([1000, 1000], [1200, 1200], unit: "bytes").outcome, .regressed)
        XCTAssertEqual(compare([1000, 1000], [1010, 1010], unit: "bytes").outcome, .unchanged, "1% is within the 2% default")
        XCTAssertEqual(compare([1000, 1000], [800, 800], unit: "bytes").outcome, .improved)
        XCTAssertNil(compare([1000, 1000], [1200, 1200], unit: "bytes").pValue)
        XCTAssertEqual(compare([1000], [1200], unit: "bytes").outcome, .inconclusive, "one repetition is not evidence of determinism")
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
        XCTAssertEqual(compare(base, base.map { $0 * 1.2 }, unit: "ops/s", direction: .higherIsBetter).outcome, .improved)
        XCTAssertEqual(compare(base, base.map { $0 * 1.01 }).outcome, .unchanged)
        let absolute = compare([10, 11, 10, 11, 10], [12, 13, 12, 13, 12], unit: "bytes", threshold: Threshold(relative: 1, absolute: 11.5))
        XCTAssertEqual(absolute.outcome, .regressed, "the absolute limit is breached significantly")
    }

    func testThresholdResolution() {
        let declared = ["checkpoint.memory.*": Threshold(relative: 0.1), "checkpoint.memory.after_expel": Threshold(relative: 0.01)]
        XCTAssertEqual(Threshold.resolve("checkpoint.memory.after_expel", unit: "bytes", in: declared).relative, 0.01)
        XCTAssertEqual(Threshold.resolve("checkpoint.memory.before_expel", unit: "bytes", in: declared).relative, 0.1)
        XCTAssertEqual(Threshold.resolve("ops.set.throughput", unit: "ops/s", in: declared).relative, 0.05)
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
        XCTAssertEqual(GateVerdict.decide(report([.inconclusive]), strict: true).rawValue, 4)
        XCTAssertEqual(GateVerdict.decide(report([.regressed], failed: ["b/w"]), strict: false).rawValue, 3)
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
