import Results
import Workload
import XCTest

final class QuotaPhasesTests: XCTestCase {
    static let text = """
    version: 1
    name: quota
    engine: {quota: 256MiB, bucket_quota_change_task_poll_interval: 100ms, mem_low_wat_percent: 0.7, mem_high_wat_percent: 0.8}
    dataset: {items: 1000}
    phases:
      - load: {}
      - persist: {wait: true, timeout: 30s}
      - parallel:
          - - mutate: {ops: 10k}
          - - sleep: 200ms
            - set_quota: {to: 128MiB}
            - wait: {until: mem_used <= 0.85 * quota, timeout: 2m}
    """

    private func error(_ text: String) -> WorkloadError? {
        do throws(WorkloadError) {
            _ = try WorkloadParser.parse(text, file: "q.yaml")
            return nil
        } catch {
            return error
        }
    }

    func testQuotaPhasesParse() throws {
        let workload = try WorkloadParser.parse(Self.text, file: "q.yaml")
        XCTAssertEqual(workload.engine.bucketQuotaChangeTaskPollInterval, 0.1, accuracy: 1e-12)
        XCTAssertEqual(workload.engine.memLowWatPercent, 0.7)
        XCTAssertEqual(workload.phases[1], .persistence(.persist(wait: true, timeout: 30)))
        guard case .control(.parallel(let branches)) = workload.phases[2] else { return XCTFail("expected parallel") }
        XCTAssertEqual(branches.count, 2)
        XCTAssertEqual(branches[1][0], .control(.sleep(seconds: 0.2)))
        XCTAssertEqual(branches[1][1], .persistence(.setQuota(bytes: 128 << 20)))
        guard case .control(.wait(let condition, let timeout)) = branches[1][2] else { return XCTFail("expected wait") }
        XCTAssertEqual(timeout, 120)
        XCTAssertEqual(condition.gauges, [.memUsed, .quota])
        XCTAssertTrue(condition.evaluate { $0 == .memUsed ? 80 : 100 })
        XCTAssertFalse(condition.evaluate { $0 == .memUsed ? 90 : 100 })
    }

    func testUnknownGaugeIsLocatedInsideTheExpression() {
        let error = self.error(Self.text.replacingOccurrences(of: "0.85 * quota", with: "0.85 * quotta"))
        XCTAssertEqual(error?.path, "phases[2].parallel[1][2].wait.until")
        XCTAssertEqual(error?.line, 12)
        XCTAssertEqual(error?.column, 25 + "mem_used <= 0.85 * ".count, "the column of the unknown name, not of the value")
        XCTAssertTrue(error?.message.contains("unknown name 'quotta' (did you mean 'quota'?)") ?? false, "\(String(describing: error))")
    }

    func testExpressionErrors() {
        XCTAssertTrue(self.error(Self.text.replacingOccurrences(of: "mem_used <= 0.85 * quota", with: "mem_used"))?
            .message.contains("expected a comparison") ?? false)
        XCTAssertTrue(self.error(Self.text.replacingOccurrences(of: "0.85 * quota", with: "(0.85 * quota"))?
            .message.contains("expected ')'") ?? false)
        XCTAssertEqual(try WaitCondition.parse("quota <= 128MiB").evaluate { _ in Double(128 << 20) }, true)
        XCTAssertEqual(try WaitCondition.parse("-2 * (1 + 2) == -6").evaluate { _ in 0 }, true)
    }

    func testBadDurationAndSizes() {
        XCTAssertEqual(self.error(Self.text.replacingOccurrences(of: "sleep: 200ms", with: "sleep: soon"))?.path, "phases[2].parallel[1][0].sleep")
        XCTAssertEqual(self.error(Self.text.replacingOccurrences(of: "to: 128MiB", with: "to: 10B"))?.path, "phases[2].parallel[1][1].set_quota.to")
        XCTAssertEqual(self.error(Self.text.replacingOccurrences(of: "mem_low_wat_percent: 0.7", with: "mem_low_wat_percent: 0.9"))?.path,
                       "engine.mem_low_wat_percent")
        XCTAssertEqual(Quantity.duration("100ms"), 0.1)
        XCTAssertEqual(Quantity.duration("2m"), 120)
        XCTAssertNil(Quantity.duration("2 parsecs"))
    }

    func testParallelNeedsTwoBranchesAndPersistNeedsPersistence() {
        XCTAssertEqual(self.error(Self.text.replacingOccurrences(of: "      - - mutate: {ops: 10k}\n", with: ""))?.message,
                       "give at least two branches, each a list of phases")
        let ephemeral = Self.text.replacingOccurrences(of: "engine: {", with: "engine: {persistence: false, ")
        XCTAssertEqual(self.error(ephemeral)?.path, "phases[1].persist")
    }
}

final class DcpPhasesTests: XCTestCase {
    static let text = """
    version: 1
    name: dcp
    engine: {vbuckets: 8}
    dataset: {items: 1000}
    phases:
      - load: {}
      - dcp: {name: slow, vbuckets: [0, 1], from_seqno: 0, to_seqno: high, drain: 5MiB/s, buffer: 1MiB}
      - dcp_wait: {name: slow, timeout: 30s}
      - dcp: {name: open, to_seqno: none, drain: unlimited}
      - evict: {}
      - new_checkpoint: {}
      - dcp_close: {name: open}
    """

    private func error(_ text: String) -> WorkloadError? {
        do throws(WorkloadError) {
            _ = try WorkloadParser.parse(text, file: "d.yaml")
            return nil
        } catch {
            return error
        }
    }

    func testDcpPhasesParse() throws {
        let workload = try WorkloadParser.parse(Self.text, file: "d.yaml")
        XCTAssertEqual(workload.phases[1], .dcp(.open(.init(name: "slow", vbuckets: [0, 1], fromSeqno: 0, toSeqno: .high,
                                                      drain: Double(5 << 20), buffer: 1 << 20, backfillByteLimit: 20 << 20))))
        XCTAssertEqual(workload.phases[2], .dcp(.wait(name: "slow", timeout: 30)))
        XCTAssertEqual(workload.phases[3], .dcp(.open(.init(name: "open", vbuckets: nil, fromSeqno: 0, toSeqno: .none, drain: nil,
                                                      buffer: 10 << 20, backfillByteLimit: 20 << 20))))
        XCTAssertEqual(workload.phases[4], .persistence(.evict))
        XCTAssertEqual(workload.phases[5], .checkpoint(.newCheckpoint))
        XCTAssertEqual(workload.phases[6], .dcp(.close(name: "open")))
    }

    func testDcpMistakes() {
        XCTAssertEqual(self.error(Self.text.replacingOccurrences(of: "dcp_close: {name: open}", with: "dcp_close: {name: nope}"))?.path,
                       "phases[6].dcp_close.name")
        XCTAssertTrue(self.error(Self.text.replacingOccurrences(of: "dcp_close: {name: open}", with: "dcp_wait: {name: open}"))?
            .message.contains("open-ended") ?? false)
        XCTAssertEqual(self.error(Self.text.replacingOccurrences(of: "drain: 5MiB/s", with: "drain: fast"))?.path, "phases[1].dcp.drain")
        XCTAssertEqual(self.error(Self.text.replacingOccurrences(of: "[0, 1]", with: "[0, 9]"))?.path, "phases[1].dcp.vbuckets[1]")
        XCTAssertEqual(self.error(Self.text.replacingOccurrences(of: "engine: {vbuckets: 8}", with: "engine: {vbuckets: 8, persistence: false}"))?.path,
                       "phases[1].dcp")
        XCTAssertEqual(Quantity.byteRate("5MiB/s"), Double(5 << 20))
        XCTAssertNil(Quantity.byteRate("5MiB"))
    }
}
