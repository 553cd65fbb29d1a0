import Gate
import XCTest

/// Reference values from SciPy 1.17 (`scipy.stats.mannwhitneyu`, two-sided).
final class StatisticsTests: XCTestCase {
    func testExactPValueForSeparatedSamples() throws {
        let result = try XCTUnwrap(MannWhitney.test([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]))
        XCTAssertTrue(result.exact)
        XCTAssertEqual(result.u, 0)
        XCTAssertEqual(result.pValue, 0.00794, accuracy: 0.0001)
        XCTAssertEqual(MannWhitney.test([1, 2, 3], [4, 5, 6])?.pValue ?? 0, 0.1, accuracy: 1e-9)
        XCTAssertEqual(MannWhitney.test([1, 2], [3, 4])?.pValue ?? 0, 1.0 / 3, accuracy: 1e-9)
        XCTAssertEqual(MannWhitney.test([1, 2, 3, 4, 5], [1.5, 2.5, 3.5, 4.5, 5.5])?.pValue ?? 0, 0.69048, accuracy: 0.001)
    }

    func testNormalApproximationWithTies() throws {
        let a: [Double] = [1, 2, 2, 3, 3, 3, 4, 5, 5, 6, 7, 8, 8, 9, 10, 11, 12, 12, 13, 14, 15, 15]
        let b: [Double] = [3, 4, 4, 5, 6, 6, 7, 8, 9, 9, 10, 11, 12, 13, 13, 14, 15, 16, 16, 17, 18, 19, 20]
        let large = try XCTUnwrap(MannWhitney.test(a, b))
        XCTAssertFalse(large.exact)
        XCTAssertEqual(large.pValue, 0.027387, accuracy: 1e-3)
        let smallTied = try XCTUnwrap(MannWhitney.test([1, 1, 2, 2, 3], [2, 3, 3, 4, 4]))
        XCTAssertFalse(smallTied.exact, "ties force the normal approximation")
        XCTAssertEqual(smallTied.pValue, 0.052412, accuracy: 1e-3)
    }

    func testBootstrapIntervalContainsTheRatio() throws {
        let base: [Double] = [100, 101, 99, 100, 102, 98]
        let candidate = base.map { $0 * 1.2 }
        let interval = try XCTUnwrap(Bootstrap.medianRatioInterval(base: base, candidate: candidate))
        XCTAssertTrue(interval.contains(1.2))
        XCTAssertGreaterThan(interval.lowerBound, 1.1)
        XCTAssertEqual(Bootstrap.medianRatioInterval(base: base, candidate: candidate), interval, "seeded: the same interval every time")
    }
}
