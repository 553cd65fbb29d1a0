import Results
@testable import Runner
import XCTest

/// The ledger parallel branches merge: every field adds up exactly once.
final class MeasurementLedgerTests: XCTestCase {
    private func branch(_ index: Int) -> MeasurementLedger {
        var ledger = MeasurementLedger()
        ledger.record(Metrics.phaseDuration, Double(index), "3.\(index).0", "mutate")
        ledger.mark("m\(index)", at: Double(index))
        ledger.note("note \(index)")
        ledger.recordPhase(PhaseRecord(index: 3, kind: "mutate", start: 0, end: 1, ops: 10 * index, path: "3.\(index).0"))
        var counts = OperationCounts()
        counts.sets = 100 * index
        counts.temporaryFailures = index
        ledger.frontEnd.totals.add(counts)
        ledger.frontEnd.seconds = Double(index)
        ledger.frontEnd.tracked.add(counts, seconds: Double(index))
        var latencies = OperationLatencies()
        latencies.record("set", since: OperationLatencies.now())
        ledger.frontEnd.latencies.add(latencies)
        ledger.expel.phases = 1
        ledger.expel.allocatorFreed = Int64(1000 * index)
        ledger.expel.nanoseconds = UInt64(index)
        ledger.expel.baseline.add(items: index, seconds: 0.5)
        return ledger
    }

    func testMergeAddsEveryField() {
        var merged = MeasurementLedger()
        merged.merge(branch(1))
        merged.merge(branch(2))
        XCTAssertEqual(merged.metrics.map(\.name), ["phase.3.1.0.mutate.duration", "phase.3.2.0.mutate.duration"])
        XCTAssertEqual(merged.markers.map(\.label), ["m1", "m2"])
        XCTAssertEqual(merged.notes, ["note 1", "note 2"])
        XCTAssertEqual(merged.phases.map(\.ops), [10, 20])
        XCTAssertEqual(merged.frontEnd.totals.sets, 300)
        XCTAssertEqual(merged.frontEnd.totals.temporaryFailures, 3)
        XCTAssertEqual(merged.frontEnd.seconds, 3)
        XCTAssertEqual(merged.frontEnd.tracked.counts.sets, 300)
        XCTAssertEqual(merged.frontEnd.latencies.records(phase: "all").first?.count, 2)
        XCTAssertEqual(merged.expel.phases, 2)
        XCTAssertEqual(merged.expel.allocatorFreed, 3000)
        XCTAssertEqual(merged.expel.nanoseconds, 3)
        XCTAssertEqual(merged.expel.baseline.items, 3)
        XCTAssertEqual(merged.expel.baseline.seconds, 1)
    }

    /// A metric recorded through the ledger carries the catalog's unit and direction.
    func testRecordedMetricsComeFromTheCatalog() {
        var ledger = MeasurementLedger()
        ledger.record(Metrics.engineFreedByExpel, 5)
        ledger.record(Metrics.latencyP99, 7, "get")
        XCTAssertEqual(ledger.metrics, [MetricValue(name: "checkpoint.memory.freed_by_expel", unit: "bytes", direction: .neither, value: 5),
                                        MetricValue(name: "ops.get.latency.p99", unit: "us", direction: .lowerIsBetter, value: 7)])
    }
}
