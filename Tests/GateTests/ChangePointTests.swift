import Foundation
@testable import Gate
import Results
@_spi(Testing) import Results
import XCTest

/// The evidence for the change-point method (`ChangePoints`: PELT, changes refined into steps
/// and ramps) on synthetic histories of 500 commits: injected 3% steps and a drift of 1% per
/// commit over 8 commits are found where they are, pure Gaussian noise gives no change, and the
/// consecutive-pair comparison `history` used before misses the drift.
final class ChangePointTests: XCTestCase {
    /// Per-commit medians: +3% at 100, back at 200, +1% per commit over 300…307, +3% at 420;
    /// each commit's figure off by Gaussian noise of relative standard deviation `noise`.
    static func history(noise: Double, seed: UInt64) -> [Double] {
        var random = SplitMix(seed: seed)
        return (0..<500).map { commit in
            var level = 1.0
            if (100..<200).contains(commit) { level *= 1.03 }
            if commit >= 300 { level *= 1 + 0.01 * Double(min(commit - 299, 8)) }
            if commit >= 420 { level *= 1.03 }
            return level * (1 + noise * random.gaussian())
        }
    }

    static func detect(_ values: [Double]) -> [ChangePoints.Change] {
        ChangePoints.detect(values, sigma: ChangePoints.noise(values))
    }

    /// At 0.5% noise (a 3% step is six standard deviations), over 20 histories: each step at
    /// its commit, the drift as one ramp within a commit of its ends, nothing else.
    func testStepsAndTheDriftAreFoundAtHalfAPercentNoise() {
        for seed in UInt64(1)...20 {
            let changes = Self.detect(Self.history(noise: 0.005, seed: seed))
            XCTAssertEqual(changes.filter { !$0.isRamp }.map(\.start), [100, 200, 420], "seed \(seed): \(changes)")
            let ramps = changes.filter(\.isRamp)
            XCTAssertEqual(ramps.count, 1, "seed \(seed): \(changes)")
            if let ramp = ramps.first {
                XCTAssertTrue((299...301).contains(ramp.start) && (306...308).contains(ramp.end), "seed \(seed): \(ramp)")
            }
        }
    }

    /// At 1% noise (a 3% step is three standard deviations, each drift commit one): steps within
    /// three commits, and the drift as one ramp in at least 18 of 20 histories, never missed.
    func testAtOnePercentNoiseStepsAreWithinThreeCommitsAndTheDriftIsARamp() {
        var ramps = 0
        for seed in UInt64(1)...20 {
            let changes = Self.detect(Self.history(noise: 0.01, seed: seed))
            let steps = changes.filter { !$0.isRamp }.map(\.start)
            for expected in [100, 200, 420] {
                XCTAssertTrue(steps.contains { abs($0 - expected) <= 3 }, "seed \(seed): no step near \(expected) in \(changes)")
            }
            XCTAssertTrue(changes.contains { $0.end >= 300 && $0.start <= 308 }, "seed \(seed): the drift was missed: \(changes)")
            if changes.contains(where: { $0.isRamp && $0.start <= 302 && $0.end >= 305 }) { ramps += 1 }
        }
        XCTAssertGreaterThanOrEqual(ramps, 18)
    }

    /// Pure Gaussian noise, 200 histories of 500 commits at each level (the method estimates σ,
    /// so the level does not matter): not one change.
    func testPureNoiseHasNoChange() {
        for noise in [0.005, 0.01, 0.05] {
            var found: [String] = []
            for seed in UInt64(1)...200 {
                var random = SplitMix(seed: seed * 7919)
                let changes = Self.detect((0..<500).map { _ in 1 + noise * random.gaussian() })
                if !changes.isEmpty { found.append("seed \(seed): \(changes)") }
            }
            XCTAssertEqual(found, [], "noise \(noise)")
        }
    }

    /// The method `history` used before — each commit against the one before it, five
    /// repetitions each at 0.5% noise, the default 2% threshold — flags no commit of the drift
    /// (each moved 1%, +8.3% in all); the change points find it as one change.
    func testConsecutivePairsMissTheDriftTheChangePointsFind() {
        var random = SplitMix(seed: 11)
        let levels = (0..<40).map { commit in 1 + 0.01 * Double(min(max(commit - 19, 0), 8)) }
        let repetitions = levels.map { level in (0..<5).map { _ in level * (1 + 0.005 * random.gaussian()) } }
        let flagged = zip(repetitions, repetitions.dropFirst()).filter { base, candidate in
            let outcome = Comparator.compareMetric(workload: "w", metric: GateFixtures.primary, base: base, candidate: candidate,
                                                   threshold: Threshold(relative: 0.02)).outcome
            return outcome == .regressed || outcome == .improved
        }
        XCTAssertEqual(flagged.count, 0, "a consecutive pair saw the drift")
        let changes = Self.detect(repetitions.map { Bootstrap.median($0) })
        XCTAssertEqual(changes.count, 1, "\(changes)")
        XCTAssertTrue(changes.first.map { $0.isRamp && $0.start <= 21 && $0.end >= 26 } ?? false, "\(changes)")
    }
}
