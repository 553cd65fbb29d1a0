import Foundation
import Results
@testable import Runner
import TestSupport
import XCTest

/// The suite pipeline with a scripted launcher and an in-memory sink: no process is started.
final class SuiteRunnerTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws { directory = try TestPaths.scratchDirectory("kvbench-suite") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func plan(_ paths: [String]) throws -> (SuiteOptions, [PlannedWorkload]) {
        let options = SuiteOptions(paths: paths, repetitions: nil, warmup: nil, resultsRoot: directory.appendingPathComponent("results").path,
                                   quick: false, command: ["kvbench", "run"])
        return (options, try SuitePlanner.plan(options).get().workloads)
    }

    func testEveryRepetitionRunsAndEachWorkloadIsPublishedWhole() throws {
        let (options, workloads) = try plan([try RunnerFixtures.workload("a", count: 2, warmup: 1, in: directory),
                                             try RunnerFixtures.workload("b", count: 3, in: directory)])
        let launcher = ScriptedLauncher()
        let sink = CollectingSink()
        let lines = ProgressLines()
        let status = RunnerFixtures.runner(options, launchers: [launcher], sink: sink, progress: lines.progress).execute(workloads)
        XCTAssertEqual(status, .success)
        XCTAssertEqual(launcher.requests.map { "\($0.workload.path.hasSuffix("a.yaml") ? "a" : "b")\($0.index)" }, ["a0", "a1", "a2", "b0", "b1", "b2"])
        XCTAssertEqual(launcher.requests.map(\.warmup), [true, false, false, false, false, false])
        XCTAssertEqual(sink.runs.map(\.workload.name), ["a", "b"])
        XCTAssertEqual(sink.runs.map { $0.measured.count }, [2, 3])
        XCTAssertEqual(sink.runs[0].workload.text, launcher.requests[0].workload.text, "run.json records the text that ran")
        XCTAssertEqual(sink.indexCalls, 1)
        XCTAssertTrue(lines.all.contains("[1/2] a: warm-up 1/1 done"), lines.all)
        XCTAssertTrue(lines.all.contains("[2/2] b: repetition 3/3 done"), lines.all)
    }

    func testAFailedRepetitionIsKeptWithTheOthersAndFailsTheRun() throws {
        let (options, workloads) = try plan([try RunnerFixtures.workload("a", count: 3, in: directory)])
        let launcher = ScriptedLauncher { $0.index == 1 ? .failed : .ok }
        let sink = CollectingSink()
        let lines = ProgressLines()
        let status = RunnerFixtures.runner(options, launchers: [launcher], sink: sink, progress: lines.progress).execute(workloads)
        XCTAssertEqual(status, .runFailure)
        XCTAssertEqual(sink.runs.first?.repetitions.map(\.status), [.ok, .failed, .ok])
        XCTAssertTrue(lines.all.contains("repetition 2/3 FAILED") && lines.all.contains("scripted failure"), lines.all)
    }

    /// An interrupt during the second repetition stops the run there: what completed is published,
    /// marked interrupted, and nothing more runs.
    func testAnInterruptStopsAfterTheCurrentRepetition() throws {
        let (options, workloads) = try plan([try RunnerFixtures.workload("a", count: 3, in: directory),
                                             try RunnerFixtures.workload("b", count: 3, in: directory)])
        let interrupted = InterruptFlag()
        let launcher = ScriptedLauncher(outcome: { $0.index == 1 ? .interrupted : .ok }, onRun: { if $0.index == 1 { interrupted.set() } })
        let sink = CollectingSink()
        let status = RunnerFixtures.runner(options, launchers: [launcher], sink: sink, progress: ProgressLines().progress,
                                           interrupted: { interrupted.isSet }).execute(workloads)
        XCTAssertEqual(status, .interrupted)
        XCTAssertEqual(launcher.requests.count, 2)
        XCTAssertEqual(sink.runs.count, 1)
        XCTAssertEqual(sink.runs.first?.interrupted, true)
        XCTAssertEqual(sink.runs.first?.repetitions.map(\.status), [.ok, .interrupted])
    }

    /// Two builds: each repetition index runs on both, alternately, and each build gets its own result.
    func testInterleavedBuildsAlternate() throws {
        let (options, workloads) = try plan([try RunnerFixtures.workload("a", count: 2, in: directory)])
        let order = OrderLog()
        let first = ScriptedLauncher(onRun: { order.append("A\($0.index)") })
        let second = ScriptedLauncher(onRun: { order.append("B\($0.index)") })
        let sink = CollectingSink()
        XCTAssertEqual(RunnerFixtures.runner(options, launchers: [first, second], sink: sink, progress: ProgressLines().progress)
            .execute(workloads), .success)
        XCTAssertEqual(order.entries, ["A0", "B0", "A1", "B1"])
        XCTAssertEqual(sink.runs.count, 2)
    }

    /// `--resume` keeps finished repetitions of an unchanged workload and runs only the rest; a
    /// complete one is skipped; a changed file is refused and its results left alone.
    func testResumeRunsOnlyWhatIsMissing() throws {
        let file = try RunnerFixtures.workload("a", count: 3, in: directory)
        let planned = try plan([file])
        var options = planned.0
        let workloads = planned.1
        options.resume = true
        let store = ResultStore(root: URL(fileURLWithPath: options.resultsRoot))
        var partial = RunResult(metadata: RunnerFixtures.metadata, workload: WorkloadRecord(workloads[0].workload), command: [],
                                repetitions: [ScriptedLauncher().run(workloads[0].request(index: 0, options: options, profileDirectory: nil, parent: 1)) { _ in }])
        partial.interrupted = true
        partial.options = RunOptions(repetitions: 3, warmup: 0, quick: false, verifyDomains: false, profile: nil)
        let runFile = store.directory(for: RunnerFixtures.metadata, workload: "a").appendingPathComponent(ResultStore.runFileName)
        try ResultStore.writeAtomically(try ResultStore.encode(partial), to: runFile)

        let launcher = ScriptedLauncher()
        let sink = CollectingSink()
        let lines = ProgressLines()
        XCTAssertEqual(RunnerFixtures.runner(options, launchers: [launcher], sink: sink, progress: lines.progress).execute(workloads), .success)
        XCTAssertEqual(launcher.requests.map(\.index), [1, 2])
        XCTAssertEqual(sink.runs.first?.repetitions.map(\.index), [0, 1, 2])
        XCTAssertTrue(lines.all.contains("resuming after 1 kept repetition"), lines.all)

        try ResultStore.writeAtomically(try ResultStore.encode(try XCTUnwrap(sink.runs.first)), to: runFile)
        let again = ScriptedLauncher()
        let repairing = CollectingSink()
        repairing.setsAreWhole = false
        XCTAssertEqual(RunnerFixtures.runner(options, launchers: [again], sink: repairing, progress: lines.progress).execute(workloads), .success)
        XCTAssertEqual(again.requests.count, 0, "a complete result is skipped")
        XCTAssertEqual(repairing.runs.count, 1, "a complete set with files missing is published again")

        var quick = options
        quick.quick = true
        XCTAssertEqual(RunnerFixtures.runner(quick, launchers: [ScriptedLauncher()], sink: CollectingSink(), progress: lines.progress)
            .execute(workloads), .runFailure)
        XCTAssertTrue(lines.all.contains("was run with --quick false (now true)"), lines.all)

        try (try String(contentsOfFile: file, encoding: .utf8) + "\nseed: 7\n").write(toFile: file, atomically: true, encoding: .utf8)
        let (_, changed) = try plan([file])
        let refused = ScriptedLauncher()
        XCTAssertEqual(RunnerFixtures.runner(options, launchers: [refused], sink: CollectingSink(), progress: lines.progress).execute(changed),
                       .runFailure)
        XCTAssertEqual(refused.requests.count, 0)
        XCTAssertTrue(lines.all.contains("different version"), lines.all)
    }
}

final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

final class OrderLog: @unchecked Sendable {
    private let lock = NSLock()
    private var log: [String] = []
    func append(_ entry: String) { lock.lock(); log.append(entry); lock.unlock() }
    var entries: [String] { lock.lock(); defer { lock.unlock() }; return log }
}
