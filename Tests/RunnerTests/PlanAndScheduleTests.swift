import Foundation
@testable import Runner
import TestSupport
import Workload
import XCTest

/// The first two stages of a run, in process: which workloads with how many repetitions, and in
/// which order the repetitions run.
final class PlanAndScheduleTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws { directory = try TestPaths.scratchDirectory("kvbench-plan") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func options(_ paths: [String], quick: Bool = false) -> SuiteOptions {
        SuiteOptions(paths: paths, repetitions: nil, warmup: nil, resultsRoot: directory.path, quick: quick, command: ["kvbench"])
    }

    func testDirectoriesSkipWorkloadsOutsideTheDefaultSuiteButNamedFilesRun() throws {
        _ = try RunnerFixtures.workload("a", in: directory)
        let soak = try RunnerFixtures.workload("soak", defaultSuite: false, in: directory)
        let fromDirectory = try SuitePlanner.plan(options([directory.path])).get()
        XCTAssertEqual(fromDirectory.workloads.map(\.workload.name), ["a"])
        XCTAssertEqual(fromDirectory.skipped.map(\.name), ["soak"])
        XCTAssertEqual(try SuitePlanner.plan(options([soak])).get().workloads.map(\.workload.name), ["soak"])
    }

    func testCountsFollowTheFileThenQuickThenFlags() throws {
        let file = try RunnerFixtures.workload("a", count: 4, warmup: 1, in: directory)
        let plain = try SuitePlanner.plan(options([file])).get().workloads[0]
        XCTAssertEqual([plain.count, plain.warmup], [4, 1])
        let quick = try SuitePlanner.plan(options([file], quick: true)).get().workloads[0]
        XCTAssertEqual([quick.count, quick.warmup], [1, 0])
        var overridden = options([file], quick: true)
        overridden.repetitions = 7
        overridden.warmup = 2
        let flags = try SuitePlanner.plan(overridden).get().workloads[0]
        XCTAssertEqual([flags.count, flags.warmup], [7, 2])
    }

    func testShardsPartitionTheSuite() throws {
        for name in ["a", "b", "c", "d", "e"] { _ = try RunnerFixtures.workload(name, in: directory) }
        var seen: [String] = []
        for index in 0..<2 {
            var sharded = options([directory.path])
            sharded.shard = Shard(index: index, count: 2, source: "test")
            let names = try SuitePlanner.plan(sharded).get().workloads.map(\.workload.name)
            XCTAssertFalse(names.isEmpty)
            seen += names
        }
        XCTAssertEqual(seen.sorted(), ["a", "b", "c", "d", "e"])
    }

    func testEveryInvalidFileIsReportedBeforeAnythingRuns() throws {
        _ = try RunnerFixtures.workload("good", in: directory)
        try "version: 1\nname: bad\n".write(to: directory.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        try "version: 1\nname: good\ndataset: {items: 1}\nphases: [{load: {}}]\n".write(to: directory.appendingPathComponent("twin.yaml"),
                                                                                       atomically: true, encoding: .utf8)
        guard case .failure(let errors) = SuitePlanner.plan(options([directory.path])) else { return XCTFail("an invalid suite was planned") }
        XCTAssertEqual(errors.messages.count, 2, "\(errors.messages)")
        XCTAssertTrue(errors.messages.contains { $0.contains("bad.yaml") && $0.contains("required key") })
        XCTAssertTrue(errors.messages.contains { $0.contains("is also used by") })
    }

    /// The request carries the text as read, with its hash; the child never reads the file.
    func testRequestsCarryTheTextThatWasRead() throws {
        let file = try RunnerFixtures.workload("a", count: 2, warmup: 1, in: directory)
        var options = options([file])
        options.verifyDomains = true
        options.profile = .cpu
        let planned = try SuitePlanner.plan(options).get().workloads[0]
        let request = planned.request(index: 0, options: options, profileDirectory: "/p", parent: 42)
        XCTAssertEqual(request.workload.text, try String(contentsOfFile: file, encoding: .utf8))
        XCTAssertEqual(request.workload.path, file)
        XCTAssertTrue(request.warmup)
        XCTAssertFalse(planned.request(index: 1, options: options, profileDirectory: nil, parent: 42).warmup)
        XCTAssertEqual(request.profile, RepetitionRequest.Profile(kind: .cpu, directory: "/p"))
        XCTAssertTrue(request.verifyDomains)
        XCTAssertEqual(request.parent, 42)
    }

    func testScheduleRunsWarmupsFirstAndInterleavesBuilds() {
        let single = RepetitionSchedule.slots(from: 0, warmup: 1, count: 2, sides: 1)
        XCTAssertEqual(single.map(\.index), [0, 1, 2])
        XCTAssertEqual(single.map(\.warmup), [true, false, false])
        XCTAssertEqual(RepetitionSchedule.title(single[0], warmup: 1, count: 2), "warm-up 1/1")
        XCTAssertEqual(RepetitionSchedule.title(single[2], warmup: 1, count: 2), "repetition 2/2")
        let interleaved = RepetitionSchedule.slots(from: 0, warmup: 0, count: 2, sides: 2)
        XCTAssertEqual(interleaved.map { [$0.index, $0.side] }, [[0, 0], [0, 1], [1, 0], [1, 1]], "A B A B")
        XCTAssertEqual(RepetitionSchedule.slots(from: 2, warmup: 1, count: 2, sides: 1).map(\.index), [2], "a resumed run keeps 0 and 1")
        XCTAssertEqual(RepetitionSchedule.slots(from: 3, warmup: 1, count: 2, sides: 1), [], "nothing left")
    }
}
