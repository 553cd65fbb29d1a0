import Gate
import XCTest

/// Mann–Whitney against SciPy 1.17 (`scipy.stats.mannwhitneyu`, two-sided) where SciPy is exact,
/// and against brute-force enumeration of every split where it approximates (ties).
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

    func testNormalApproximationForLargeSamples() throws {
        let a: [Double] = [1, 2, 2, 3, 3, 3, 4, 5, 5, 6, 7, 8, 8, 9, 10, 11, 12, 12, 13, 14, 15, 15]
        let b: [Double] = [3, 4, 4, 5, 6, 6, 7, 8, 9, 9, 10, 11, 12, 13, 13, 14, 15, 16, 16, 17, 18, 19, 20]
        let large = try XCTUnwrap(MannWhitney.test(a, b))
        XCTAssertFalse(large.exact)
        XCTAssertEqual(large.pValue, 0.027387, accuracy: 1e-3)
    }

    /// Small samples with ties: the exact permutation p-value equals the share of all splits of the
    /// pooled values whose rank sum is at least as far from its mean, counted one by one.
    func testExactPValueWithTiesMatchesEnumeration() throws {
        let cases: [([Double], [Double])] = [
            ([1, 1, 2, 2, 3], [2, 3, 3, 4, 4]),
            ([5, 5, 5, 6, 6, 6, 7], [8, 8, 9, 9, 9, 10, 10]),
            ([31017664, 31017632, 31017600, 31017440, 31017664, 31017664, 31017696], [31017664, 31017664, 31017632, 31017600, 31017696, 31017664, 31017440]),
            ([1, 2, 2, 3], [2, 2, 2, 3, 4, 5]),
        ]
        for (a, b) in cases {
            let result = try XCTUnwrap(MannWhitney.test(a, b))
            XCTAssertTrue(result.exact)
            XCTAssertEqual(result.pValue, enumerated(a, b), accuracy: 1e-12, "\(a) vs \(b)")
        }
        XCTAssertEqual(MannWhitney.test([1, 1, 2, 2, 3, 3, 3], [4, 4, 5, 5, 6, 6, 6])?.pValue ?? 1, 2.0 / 3432, accuracy: 1e-12,
                       "separated samples with ties inside each: 2 / C(14, 7)")
    }

    /// Every split of the pooled values into sizes of a and b, by bitmask.
    private func enumerated(_ a: [Double], _ b: [Double]) -> Double {
        let pooled = a + b
        let ranks = pooled.map { value in Double(pooled.filter { $0 < value }.count) + Double(pooled.filter { $0 == value }.count + 1) / 2 }
        let mean = Double(a.count) * Double(pooled.count + 1) / 2
        let observed = abs(ranks[0..<a.count].reduce(0, +) - mean)
        var extreme = 0, all = 0
        for mask in 0..<(1 << pooled.count) where mask.nonzeroBitCount == a.count {
            let sum = ranks.indices.filter { mask & (1 << $0) != 0 }.map { ranks[$0] }.reduce(0, +)
            all += 1
            if abs(sum - mean) >= observed - 1e-9 { extreme += 1 }
        }
        return Double(extreme) / Double(all)
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
