import Gate
import Results
import XCTest

/// One metric judged on its own, at the plain 5% level (what `history` applies).
final class MetricJudgeTests: XCTestCase {
    private func compare(_ base: [Double], _ candidate: [Double], _ metric: String = GateFixtures.duration,
                         threshold: Threshold? = nil) -> MetricComparison {
        Comparator.compareMetric(workload: "w", metric: metric, base: base, candidate: candidate,
                                 threshold: threshold ?? Threshold.resolve(metric, in: [:]))
    }

    func testExactlyRepeatableMetricsCompareExactly() {
        let bytes = GateFixtures.primary
        XCTAssertEqual(compare([1000, 1000], [1200, 1200], bytes).outcome, .regressed)
        XCTAssertEqual(compare([1000, 1000], [1010, 1010], bytes).outcome, .unchanged, "1% is within the 2% default")
        XCTAssertEqual(compare([1000, 1000], [800, 800], bytes).outcome, .improved)
        XCTAssertNil(compare([1000, 1000], [1200, 1200], bytes).pValue)
        XCTAssertNotEqual(compare([1000], [1200], bytes).outcome, .regressed, "one repetition is not evidence of exactness")
    }

    func testSignificantChangesFollowTheDirection() {
        let base: [Double] = [100, 101, 99, 100, 102]
        XCTAssertEqual(compare(base, base.map { $0 * 1.2 }).outcome, .regressed)
        XCTAssertEqual(compare(base, base.map { $0 * 1.2 }, GateFixtures.throughput).outcome, .improved)
        XCTAssertEqual(compare(base, base.map { $0 * 0.8 }, GateFixtures.throughput).outcome, .regressed)
        let freed = GateFixtures.freed
        XCTAssertEqual(compare([1000, 1000], [1200, 1200], freed).outcome, .changed)
        XCTAssertEqual(compare(base, base.map { $0 * 0.8 }, freed).outcome, .changed)
    }

    /// Three against three cannot go below p = 0.1: a 50% regression is underpowered, with the
    /// repetitions it would need, not inconclusive and not unchanged.
    func testTooFewRepetitionsAreUnderpoweredWithTheCountNeeded() {
        let result = compare([1.0, 1.01, 0.99], [1.5, 1.51, 1.49])
        XCTAssertEqual(result.outcome, .underpowered)
        XCTAssertEqual(result.requiredRepetitions, 4, "C(8,4) = 70: 2/70 < 0.05")
        XCTAssertTrue(result.reason.contains("needs ≥ 4 repetitions per side"), result.reason)
    }

    /// Unchanged only when the interval of the change lies within ± the threshold.
    func testUnchangedNeedsTheIntervalWithinTheThreshold() {
        let base = GateFixtures.noisy(100, count: 8), same = GateFixtures.noisy(100, count: 8, seed: 1)
        XCTAssertEqual(compare(base, same, threshold: Threshold(relative: 0.05)).outcome, .unchanged)
        let spread: [Double] = [100, 130, 80, 120, 90, 110, 70, 125]
        let wide = compare(spread, spread.reversed().map { $0 * 1.01 }, threshold: Threshold(relative: 0.02))
        XCTAssertEqual(wide.outcome, .inconclusive, wide.reason)
    }

    /// Budgets judge the candidate alone, whatever the base did and however noisy it is, beside
    /// the relative limit; the key decides the side, not the metric's direction.
    func testBudgetsApplyToTheCandidateAlone() {
        let same: [Double] = [2_097_152, 2_097_152]
        let budget = [GateFixtures.primary: Threshold(max: 1_048_576)]
        let over = compare(same, same, GateFixtures.primary, threshold: Threshold.resolve(GateFixtures.primary, in: budget))
        XCTAssertEqual(over.outcome, .regressed)
        XCTAssertTrue(over.reason.contains("max 1048576"), over.reason)
        XCTAssertEqual(over.threshold.relative, 0.02, "the default relative limit stays beside a budget")
        let rates: [Double] = [150, 160, 140]
        XCTAssertNotEqual(compare(rates, rates, GateFixtures.throughput, threshold: Threshold(min: 100)).outcome, .regressed,
                          "min on a higher-is-better metric is a floor, not a ceiling")
        let below = compare(rates, rates.map { $0 / 2 }, GateFixtures.throughput, threshold: Threshold(min: 100))
        XCTAssertEqual(below.outcome, .regressed)
        XCTAssertTrue(below.reason.contains("below min 100"), below.reason)
        XCTAssertEqual(compare(rates, rates, GateFixtures.throughput, threshold: Threshold(max: 120)).outcome, .regressed,
                       "max is a ceiling whatever the direction")
    }

    func testThresholdResolution() {
        let declared = ["checkpoint.memory.*": Threshold(relative: 0.1), "checkpoint.memory.after_expel": Threshold(relative: 0.01)]
        XCTAssertEqual(Threshold.resolve("checkpoint.memory.after_expel", in: declared).relative, 0.01)
        XCTAssertEqual(Threshold.resolve("checkpoint.memory.before_expel", in: declared).relative, 0.1)
        XCTAssertEqual(Threshold.resolve(GateFixtures.throughput, in: declared).relative, 0.05, "a rate's default")
        XCTAssertEqual(Threshold.resolve(GateFixtures.primary, in: declared).relative, 0.02, "bytes' default")
        XCTAssertEqual(Threshold.resolve(GateFixtures.duration, in: declared).relative, 0.02, "a time's default")
        XCTAssertEqual(Threshold.resolve("from.a.newer.kvbench", in: declared).relative, 0.05, "an unknown metric's default")
    }
}
