import Gate
import Results
import XCTest

/// `kvbench calibrate`'s analysis of A/A pairs.
final class CalibrationTests: XCTestCase {
    typealias Run = GateFixtures.Run

    /// A metric exactly repeatable within a run but 3% apart between runs is a false alarm; the
    /// proposed threshold (half as much again, rounded up to a half percent) would pass it, and
    /// the written file reads back.
    func testBetweenRunShiftsRaiseTheProposedThreshold() throws {
        let a = GateFixtures.set("a", Run(metrics: [GateFixtures.primary: [100, 100, 100], GateFixtures.duration: [1, 1, 1]]))
        let b = GateFixtures.set("b", Run(metrics: [GateFixtures.primary: [103, 103, 103], GateFixtures.duration: [1, 1, 1]]))
        let calibration = Calibration.analyse([(a, a), (a, b)])
        XCTAssertEqual(calibration.failedPairs, 1)
        let finding = try XCTUnwrap(calibration.findings.first { $0.metric == GateFixtures.primary })
        XCTAssertEqual(finding.falseAlarms, 1)
        XCTAssertEqual(finding.largestChange, 0.03, accuracy: 1e-9)
        XCTAssertEqual(finding.proposed, 0.045, accuracy: 1e-9)
        XCTAssertEqual(finding.detectable, 0.02, "exact: anything beyond the 2% threshold")
        XCTAssertNil(calibration.findings.first { $0.metric == GateFixtures.duration }, "advisory metrics are not calibrated")
        XCTAssertEqual(calibration.proposedThresholds, [GateFixtures.primary: 0.045])
        XCTAssertTrue(calibration.thresholdsYAML().contains("mem.primary.allocated: {max_increase: 4.5%}"), calibration.thresholdsYAML())
        XCTAssertTrue(calibration.text().contains("the gate would have failed 1 of them"), calibration.text())
    }

    /// A noisy gated metric: the detectable change is what makes five against five significant and
    /// beyond the threshold; three against three, with a family of one, needs four per side.
    func testDetectableChangeAndPower() throws {
        let noisy = Run(metrics: [GateFixtures.primary: [100, 102, 98, 101, 99]])
        let other = Run(metrics: [GateFixtures.primary: [101, 99, 100, 98, 102]])
        let finding = try XCTUnwrap(Calibration.analyse([(GateFixtures.set("a", noisy), GateFixtures.set("b", other))]).findings.first)
        let detectable = try XCTUnwrap(finding.detectable)
        XCTAssertGreaterThan(detectable, 0.02)
        XCTAssertLessThan(detectable, 0.06, "a shift of ~4% separates ±2% samples completely")
        let few = Run(metrics: [GateFixtures.primary: [100, 102, 98]])
        let underpowered = try XCTUnwrap(Calibration.analyse([(GateFixtures.set("a", few), GateFixtures.set("b", few))]).findings.first)
        XCTAssertNil(underpowered.detectable)
        XCTAssertEqual(underpowered.requiredRepetitions, 4)
    }
}
