import Workload
import XCTest

final class WorkloadParserTests: XCTestCase {
    static let valid = """
    version: 1
    name: checkpoint-expel
    seed: 7
    engine:
      quota: 256MiB
      vbuckets: 8
      checkpoint: {max_size: 1MiB, expel: true}
    dataset:
      items: 10k
      key: {pattern: "key:%08d"}
      value: {size: 1KiB}
    phases:
      - cursor: {name: replica, register: 0, vbuckets: [0, 3]}
      - load: {workers: 2}
      - mutate: {mix: {set: 80, get: 15, delete: 5}, keys: {dist: zipfian, theta: 0.9}, ops: "1_000_000", workers: 2}
      - cursor: {name: replica, advance: end}
      - snapshot: {label: before_expel}
      - expel: {}
    repetitions: {count: 5, warmup: 1}
    """

    private func error(_ text: String) -> WorkloadError? {
        do throws(WorkloadError) {
            _ = try WorkloadParser.parse(text, file: "w.yaml")
            return nil
        } catch {
            return error
        }
    }

    func testValidWorkloadBecomesAPlan() throws {
        let workload = try WorkloadParser.parse(Self.valid, file: "w.yaml")
        XCTAssertEqual(workload.name, "checkpoint-expel")
        XCTAssertEqual(workload.seed, 7)
        XCTAssertEqual(workload.engine.quota, 256 << 20)
        XCTAssertEqual(workload.engine.vbuckets, 8)
        XCTAssertEqual(workload.engine.checkpoint.maxSize, 1 << 20)
        XCTAssertEqual(workload.dataset.items, 10_000)
        XCTAssertEqual(workload.dataset.valueSize, .fixed(1024))
        XCTAssertEqual(workload.dataset.keyPattern.key(42), "key:00000042")
        XCTAssertEqual(workload.phases.count, 6)
        XCTAssertEqual(workload.phases[0], .checkpoint(.cursor(.init(name: "replica", action: .register(seqno: 0), vbuckets: [0, 3]))))
        XCTAssertEqual(workload.phases[2], .load(.mutate(.init(mix: OperationMix(set: 80, get: 15, delete: 5), keys: .zipfian(theta: 0.9),
                                                         ops: 1_000_000, workers: 2))))
        XCTAssertEqual(workload.phases[3], .checkpoint(.cursor(.init(name: "replica", action: .advance(items: .max), vbuckets: nil))))
        XCTAssertEqual(workload.phases[4], .checkpoint(.snapshot(label: "before_expel")))
        XCTAssertEqual(workload.phases[5], .checkpoint(.expel(baseline: false)))
        XCTAssertEqual(workload.repetitions, Repetitions(count: 5, warmup: 1))
    }

    func testBadCountIsLocatedWithItsPath() {
        let text = Self.valid.replacingOccurrences(of: "ops: \"1_000_000\"", with: "ops: lots")
        let error = self.error(text)
        XCTAssertEqual(error?.path, "phases[2].mutate.ops")
        XCTAssertEqual(error?.line, 15)
        XCTAssertEqual(error?.description.hasPrefix("w.yaml:15:"), true)
        XCTAssertTrue(error?.message.contains("expected a count like 500000 or \"500k\", got 'lots'") ?? false, "\(String(describing: error))")
    }

    func testMisspelledKeyIsRejectedWithSuggestion() {
        let text = Self.valid.replacingOccurrences(of: "workers: 2}\n  - mutate", with: "wrokers: 2}\n  - mutate")
        let error = self.error(text)
        XCTAssertEqual(error?.path, "phases[1].load.wrokers")
        XCTAssertEqual(error?.line, 14)
        XCTAssertEqual(error?.column, 12)
        XCTAssertTrue(error?.message.contains("did you mean 'workers'") ?? false, "\(String(describing: error))")
    }

    func testUnknownTopLevelKey() {
        let error = self.error(Self.valid + "\nthreshold: {}\n")
        XCTAssertEqual(error?.path, "threshold")
        XCTAssertTrue(error?.message.contains("unknown key 'threshold'") ?? false)
    }

    func testDuplicateKeyIsAnError() {
        let text = Self.valid.replacingOccurrences(of: "seed: 7\n", with: "seed: 7\nseed: 8\n")
        let error = self.error(text)
        XCTAssertTrue(error?.message.contains("duplicate key 'seed'") ?? false, "\(String(describing: error))")
    }

    func testMixMustSumTo100() {
        let text = Self.valid.replacingOccurrences(of: "delete: 5", with: "delete: 6")
        XCTAssertEqual(self.error(text)?.message, "percentages must sum to 100, they sum to 101")
    }

    func testTypeMismatchSaysWhatWasFound() {
        let text = Self.valid.replacingOccurrences(of: "value: {size: 1KiB}", with: "value: [1KiB]")
        let error = self.error(text)
        XCTAssertEqual(error?.path, "dataset.value")
        XCTAssertTrue(error?.message.contains("got a list") ?? false, "\(String(describing: error))")
    }

    func testImpossibleValues() {
        XCTAssertEqual(self.error(Self.valid.replacingOccurrences(of: "vbuckets: 8", with: "vbuckets: 2048"))?.path, "engine.vbuckets")
        XCTAssertEqual(self.error(Self.valid.replacingOccurrences(of: "[0, 3]", with: "[0, 8]"))?.path, "phases[0].cursor.vbuckets[1]")
        XCTAssertEqual(self.error(Self.valid.replacingOccurrences(of: "items: 10k", with: "items: 0"))?.path, "dataset.items")
        XCTAssertEqual(self.error(Self.valid.replacingOccurrences(of: "quota: 256MiB", with: "quota: 12 parsecs"))?.path, "engine.quota")
        XCTAssertEqual(self.error(Self.valid.replacingOccurrences(of: "version: 1", with: "version: 2"))?.path, "version")
    }

    /// The reliability and performance phases parse into their plan, and misuse is located.
    func testReliabilityAndPerformancePhases() throws {
        let phases = """
              - expel: {}
              - storage_faults: {mode: failing_writes, rate: 0.25}
              - restart: {kill: true}
              - verify: {}
              - baseline: {mix: {get: 100}, ops: 1k}
              - domain_tracking: {enabled: false}
              - switch_cost: {switches: 10k}
            default_suite: false
            """
        let text = Self.valid.replacingOccurrences(of: "  - expel: {}\nrepetitions: {count: 5, warmup: 1}", with: phases)
        let workload = try WorkloadParser.parse(text, file: "w.yaml")
        XCTAssertEqual(Array(workload.phases.suffix(6)), [
            .lifecycle(.storageFaults(.failingWrites(rate: 0.25))), .lifecycle(.restart(kill: true)), .lifecycle(.verify),
            .load(.baseline(.init(mix: OperationMix(set: 0, get: 100, delete: 0), keys: .uniform, ops: 1000, workers: 1))),
            .instrumentation(.domainTracking(enabled: false)), .instrumentation(.switchCost(switches: 10_000)),
        ])
        XCTAssertFalse(workload.inDefaultSuite)

        XCTAssertEqual(self.error(text.replacingOccurrences(of: "mode: failing_writes, rate: 0.25", with: "mode: disk_full, rate: 0.25"))?.path,
                       "phases[6].storage_faults.rate")
        XCTAssertEqual(self.error(text.replacingOccurrences(of: "mode: failing_writes, rate: 0.25", with: "mode: failing_writes"))?.path,
                       "phases[6].storage_faults")
        let nested = Self.valid.replacingOccurrences(of: "  - expel: {}", with: "  - parallel:\n      - - restart: {}\n      - - sleep: 1s")
        XCTAssertEqual(self.error(nested)?.message.contains("outside parallel"), true)
        let noStore = Self.valid.replacingOccurrences(of: "  vbuckets: 8", with: "  vbuckets: 8\n  persistence: false")
            .replacingOccurrences(of: "  - expel: {}", with: "  - restart: {}")
        XCTAssertEqual(self.error(noStore)?.path, "phases[5].restart")
        XCTAssertEqual(self.error(Self.valid.replacingOccurrences(of: "  - expel: {}", with: "  - tool_timings: {workloads: no-such-dir}"))?.path,
                       "phases[5].tool_timings.workloads")
    }

    func testCursorAdvancedBeforeRegistration() {
        let text = Self.valid.replacingOccurrences(of: "- cursor: {name: replica, advance: end}", with: "- cursor: {name: other, advance: end}")
        XCTAssertEqual(self.error(text)?.path, "phases[3].cursor.name")
    }

    func testYAMLSyntaxErrorIsLocated() {
        let error = self.error("version: 1\nname: [unclosed\n")
        XCTAssertEqual(error?.file, "w.yaml")
        XCTAssertGreaterThanOrEqual(error?.line ?? 0, 2)
        XCTAssertTrue(error?.message.hasPrefix("invalid YAML") ?? false)
    }

    func testMissingFile() {
        do throws(WorkloadError) {
            _ = try WorkloadParser.parse(fileAt: "/nonexistent/w.yaml")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.description, "/nonexistent/w.yaml:1:1: no such file")
        }
    }
}
