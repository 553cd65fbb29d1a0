@testable import Gate
import Results
import XCTest

/// A suite's comparison as one family: what gates, Holm's levels, complete data, fingerprints.
final class FamilyTests: XCTestCase {
    typealias Run = GateFixtures.Run

    /// Holm's step-down levels, checked by hand: sorted p-values against 0.05/4, 0.05/3, 0.05/2, …
    /// until the first that fails; it and every larger one keep that level.
    func testHolmLevels() {
        let levels = FamilyCorrection.holmLevels([0.04, 0.001, 0.013, 0.03], level: 0.05)
        XCTAssertEqual(levels[1], 0.0125, accuracy: 1e-12)
        XCTAssertEqual(levels[2], 0.05 / 3, accuracy: 1e-12)
        XCTAssertEqual(levels[3], 0.025, accuracy: 1e-12, "0.03 > 0.025: the procedure stops here")
        XCTAssertEqual(levels[0], 0.025, accuracy: 1e-12, "held to the level where it stopped")
    }

    /// Timings and rates advise; counts and bytes gate; a workload's `gate:`/`advisory:` lists and
    /// thresholds keys override the kind; the base's declarations decide.
    func testWhatGates() {
        let metrics = [GateFixtures.primary: [1, 1.0], GateFixtures.duration: [1, 1.0], GateFixtures.throughput: [1, 1.0]]
        func gated(_ base: Run) -> [String: Bool] {
            Dictionary(uniqueKeysWithValues: GateFixtures.compare(base, Run(metrics: metrics)).comparisons.map { ($0.metric, $0.gated) })
        }
        XCTAssertEqual(gated(Run(metrics: metrics)), [GateFixtures.primary: true, GateFixtures.duration: false, GateFixtures.throughput: false])
        let declared = Run(metrics: metrics, thresholds: ["ops.*": Threshold(relative: 0.1)],
                           gate: GateSelection(gated: ["phase.*"], advisory: [GateFixtures.primary]))
        XCTAssertEqual(gated(declared), [GateFixtures.primary: false, GateFixtures.duration: true, GateFixtures.throughput: true])
    }

    /// Twenty gated metrics each at p ≈ 0.03 (a plain-level "regression" apiece) do not fail the
    /// family at 5%; one overwhelming change among them still does.
    func testFamilyHoldsTheFalseAlarmRate() {
        var base: [String: [Double]] = [:], candidate: [String: [Double]] = [:]
        for index in 0..<20 {
            let name = Metrics.primaryAllocatedAt.name(["l\(index)"])
            base[name] = [100, 101, 102, 103, 104, 105]
            candidate[name] = [103.5, 104.5, 105.5, 106, 107, 108]
        }
        let mild = GateFixtures.compare(Run(metrics: base), Run(metrics: candidate))
        XCTAssertEqual(mild.familySize, 20)
        XCTAssertEqual(mild.count(.regressed), 0, mild.comparisons.map(\.reason).joined(separator: "\n"))
        XCTAssertEqual(mild.verdict, .pass)
        candidate[Metrics.primaryAllocatedAt.name(["l0"])] = (0..<6).map { 200 + Double($0) }
        let strong = GateFixtures.compare(Run(metrics: base), Run(metrics: candidate))
        XCTAssertEqual(strong.count(.regressed), 1)
        XCTAssertEqual(strong.verdict, .regression)
    }

    func testIncompleteDataFailsWithExitThree() {
        let whole = Run(metrics: [GateFixtures.primary: [1, 1, 1]])
        var failed = whole
        failed.failed = 1
        var interrupted = whole
        interrupted.metrics = [GateFixtures.primary: [1]]
        interrupted.planned = 3
        interrupted.interrupted = true
        var vanished = whole
        vanished.metrics = [GateFixtures.duration: [1, 1, 1]]
        for (candidate, words) in [(failed, "1 repetition(s) failed"), (interrupted, "1 of 3 repetitions completed"),
                                   (vanished, "gated metric(s) the base has are missing: mem.primary.allocated")] {
            let report = GateFixtures.compare(whole, candidate)
            XCTAssertEqual(report.verdict?.status.rawValue, 3)
            XCTAssertTrue(report.problems.joined().contains(words), report.problems.joined(separator: "; "))
        }
        let oneSided = Comparator.compare(base: GateFixtures.set("base", whole, Run(name: "other", metrics: [GateFixtures.primary: [1, 1]])),
                                          candidate: GateFixtures.set("candidate", whole))
        XCTAssertEqual(GateVerdict.decide(oneSided, strict: false), .runFailure)
        XCTAssertTrue(oneSided.problems.joined().contains("workload other has results in base but not in candidate"))
    }

    /// The candidate cannot loosen its own gate: the base's thresholds decide, and the change is listed.
    func testTheBaseThresholdsDecide() {
        let base = Run(metrics: [GateFixtures.primary: [100, 100]], thresholds: [GateFixtures.primary: Threshold(relative: 0.01)])
        let loosened = Run(metrics: [GateFixtures.primary: [110, 110]], thresholds: [GateFixtures.primary: Threshold(relative: 0.5)])
        let report = GateFixtures.compare(base, loosened)
        XCTAssertEqual(report.verdict, .regression)
        XCTAssertEqual(report.thresholdChanges, ["w: mem.primary.allocated 1% → 50% (the base's applies)"])
    }

    func testFingerprintDifferencesAreListedAndClassified() {
        let base = Run(metrics: [GateFixtures.primary: [1, 1]])
        var other = base
        other.text = "version: 1\n# changed"
        other.allocator = "tcmalloc"
        let report = GateFixtures.compare(base, other)
        XCTAssertEqual(Set(report.differences["w"]?.map(\.field) ?? []), ["workload text", "allocator"])
        XCTAssertEqual(report.blockingDifferences.count, 2)
        XCTAssertTrue(GateFixtures.compare(base, base).differences.isEmpty)
    }

    func testStrictFailsOnUndecidedGatedMetrics() {
        let report = GateFixtures.compare(Run(metrics: [GateFixtures.primary: [1.0, 1.1, 0.9]]), Run(metrics: [GateFixtures.primary: [1.5, 1.6, 1.4]]))
        XCTAssertEqual(report.comparisons.first?.outcome, .underpowered)
        XCTAssertEqual(GateVerdict.decide(report, strict: false), .pass)
        XCTAssertEqual(GateVerdict.decide(report, strict: true).status.rawValue, 4)
    }
}
