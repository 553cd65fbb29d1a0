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
        let chooser = KeyChooser(distribution: .uniform, items: 10)
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
        let chooser = KeyChooser(distribution: .zipfian(theta: 0.99), items: items)
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
}
