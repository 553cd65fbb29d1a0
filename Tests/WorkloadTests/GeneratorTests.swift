import Workload
import XCTest

final class GeneratorTests: XCTestCase {
    func testSameSeedSameSequence() {
        var a = RandomSource(seed: 42), b = RandomSource(seed: 42), c = RandomSource(seed: 43)
        let first = (0..<5).map { _ in a.next() }
        XCTAssertEqual(first, (0..<5).map { _ in b.next() })
        XCTAssertNotEqual(first, (0..<5).map { _ in c.next() })
    }

    func testUniformStaysInRangeAndCoversIt() {
        var chooser = KeyChooser(distribution: .uniform, items: 10)
        var random = RandomSource(seed: 1)
        var seen = Set<Int>()
        for _ in 0..<1000 {
            let key = chooser.next(&random)
            XCTAssertTrue((0..<10).contains(key))
            seen.insert(key)
        }
        XCTAssertEqual(seen.count, 10)
    }

    /// Zipfian θ = 0.99 over 1000 items: item 0 draws its theoretical share
    /// 1 / zeta(1000, 0.99) ≈ 13.3% of picks, and items stay in range.
    func testZipfianSkewMatchesTheory() {
        let items = 1000
        var chooser = KeyChooser(distribution: .zipfian(theta: 0.99), items: items)
        var random = RandomSource(seed: 9)
        var counts = [Int](repeating: 0, count: items)
        let draws = 200_000
        for _ in 0..<draws { counts[chooser.next(&random)] += 1 }
        let zeta = (1...items).reduce(0.0) { $0 + 1 / pow(Double($1), 0.99) }
        XCTAssertEqual(Double(counts[0]) / Double(draws), 1 / zeta, accuracy: 0.01)
        XCTAssertGreaterThan(counts[0], counts[1])
        XCTAssertGreaterThan(counts[1], counts[10])
        XCTAssertGreaterThan(counts[10], counts[500])
    }

    /// χ² goodness of fit of the top 100 ranks (plus the rest) over 1M draws, α = 0.01 (df = 100).
    func testZipfianMatchesTheoryChiSquared() {
        let items = 10_000
        var chooser = KeyChooser(distribution: .zipfian(theta: 0.99), items: items)
        var random = RandomSource(seed: 2026)
        let draws = 1_000_000
        var counts = [Int](repeating: 0, count: 101)
        for _ in 0..<draws { counts[min(100, chooser.next(&random))] += 1 }
        let zeta = (1...items).reduce(0.0) { $0 + 1 / pow(Double($1), 0.99) }
        var expected = (0..<100).map { Double(draws) / pow(Double($0 + 1), 0.99) / zeta }
        expected.append(Double(draws) - expected.reduce(0, +))
        let chiSquared = zip(counts, expected).reduce(0.0) { $0 + pow(Double($1.0) - $1.1, 2) / $1.1 }
        XCTAssertLessThan(chiSquared, 135.807, "χ² = \(chiSquared) with 100 degrees of freedom")
    }

    func testHotspotSendsTheConfiguredShareToTheHotSet() {
        var chooser = KeyChooser(distribution: .hotspot(hotData: 0.2, hotOps: 0.8), items: 1000)
        var random = RandomSource(seed: 5)
        let draws = 200_000
        var hot = 0
        for _ in 0..<draws where chooser.next(&random) < 200 { hot += 1 }
        XCTAssertEqual(Double(hot) / Double(draws), 0.8, accuracy: 0.01)
    }

    func testOtherDistributionsStayInRange() {
        for distribution in [KeyDistribution.scrambledZipfian(theta: 0.99), .latest(theta: 0.99), .sequential] {
            var chooser = KeyChooser(distribution: distribution, items: 500, worker: 1, workers: 2)
            var random = RandomSource(seed: 1)
            let picks = (0..<5000).map { _ in chooser.next(&random) }
            XCTAssertTrue(picks.allSatisfy { (0..<500).contains($0) }, "\(distribution)")
        }
        var latest = KeyChooser(distribution: .latest(theta: 0.99), items: 500)
        var random = RandomSource(seed: 1)
        XCTAssertGreaterThan((0..<1000).filter { _ in latest.next(&random) == 499 }.count, 100, "the newest item is the hottest")
        var sequential = KeyChooser(distribution: .sequential, items: 10, worker: 1, workers: 2)
        XCTAssertEqual((0..<7).map { _ in sequential.next(&random) }, [5, 6, 7, 8, 9, 0, 1])
    }

    /// The same seed gives the same sequence: a hash of the first 100k picks is stable.
    func testSameSeedSameOperationSequence() {
        func digest() -> UInt64 {
            var chooser = KeyChooser(distribution: .scrambledZipfian(theta: 0.99), items: 100_000)
            var random = RandomSource.stream(seed: 42, phase: 2, worker: 0)
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for _ in 0..<100_000 { hash = (hash ^ UInt64(chooser.next(&random))) &* 0x100_0000_01B3 }
            return hash
        }
        XCTAssertEqual(digest(), digest())
    }
}
