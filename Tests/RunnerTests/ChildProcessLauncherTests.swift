import Foundation
import Results
@testable import Runner
import TestSupport
import XCTest

/// The real launcher with stand-in children (shell scripts this test writes), and with the real
/// `kvbench _repetition`: every process involved is one the test's own launcher started.
final class ChildProcessLauncherTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws { directory = try TestPaths.scratchDirectory("kvbench-launcher") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// An executable script in the scratch directory.
    private func script(_ name: String, _ body: String) throws -> String {
        let file = directory.appendingPathComponent(name)
        try ("#!/bin/sh\n" + body + "\n").write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        return file.path
    }

    private func launcher(_ executable: String, timeout: Double? = nil) -> ChildProcessLauncher {
        ChildProcessLauncher(executable: executable, directory: nil, preload: AllocatorPreload.choose(.system),
                             limits: RepetitionLimits(timeout: timeout))
    }

    private var request: RepetitionRequest {
        RepetitionRequest(workload: .init(path: "w.yaml", text: "version: 1"), index: 1, warmup: false, quick: true, parent: getpid())
    }

    func testAChildKilledBySignalIsAFailedRecord() throws {
        let record = launcher(try script("abort", "cat > /dev/null; echo 'about to abort' >&2; kill -ABRT $$")).run(request) { _ in }
        XCTAssertEqual(record.status, .failed)
        XCTAssertEqual(record.index, 1)
        XCTAssertTrue(record.failure?.hasPrefix("killed by signal \(SIGABRT)") ?? false, record.failure ?? "")
        XCTAssertTrue(record.failure?.contains("about to abort") ?? false, "the stderr tail is kept: \(record.failure ?? "")")
    }

    /// The request arrives whole on standard input; a final event on standard output is the
    /// result; progress events arrive as they are sent; megabytes on stderr block nothing.
    func testEventsAreTheResultWhateverElseTheChildWrites() throws {
        let finished = RepetitionEvent.finished(RepetitionRecord(index: 1, warmup: false, status: .ok,
                                                                 allocator: AllocatorRecord(kind: "jemalloc", path: "", version: nil),
                                                                 metrics: [Metrics.itemsExpelled.value(3)]))
        let lines = try [RepetitionEvent.progress("phase 1/1 load"), finished].map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        let body = """
        cat > \(directory.path)/request.json
        head -c 3000000 /dev/zero | tr '\\0' 'x' >&2
        printf '%s\\n' '\(lines[0])'
        printf '%s\\n' '\(lines[1])'
        """
        let progress = OrderLog()
        let record = launcher(try script("events", body)).run(request) { progress.append($0) }
        XCTAssertEqual(record.status, .ok, record.failure ?? "")
        XCTAssertEqual(record.metrics, [Metrics.itemsExpelled.value(3)])
        XCTAssertEqual(progress.entries, ["phase 1/1 load"])
        let received = try JSONDecoder().decode(RepetitionRequest.self, from: Data(contentsOf: directory.appendingPathComponent("request.json")))
        XCTAssertEqual(received, request)
    }

    func testAStrayLineOnTheChannelFailsTheRepetition() throws {
        let record = launcher(try script("stray", "cat > /dev/null; echo 'hello from a stray print'")).run(request) { _ in }
        XCTAssertEqual(record.status, .failed)
        XCTAssertTrue(record.failure?.contains("not an event") ?? false, record.failure ?? "")
        let silent = launcher(try script("silent", "cat > /dev/null")).run(request) { _ in }
        XCTAssertTrue(silent.failure?.hasPrefix("exited 0 but reported no result") ?? false, silent.failure ?? "")
    }

    /// A child whose own child keeps its pipes open: the timeout stops the whole process group,
    /// so the launcher returns instead of waiting for the pipes forever; the grandchild is gone
    /// and so is the scratch directory the child was given as TMPDIR (with what it wrote there).
    func testATimeoutStopsTheChildsWholeGroup() throws {
        let body = "cat > /dev/null; echo \"$TMPDIR\" > \(directory.path)/tmpdir; touch \"$TMPDIR/data\"; "
            + "sleep 600 & echo $! > \(directory.path)/grandchild; sleep 600"
        let record = launcher(try script("stuck", body), timeout: 0.5).run(request) { _ in }
        XCTAssertEqual(record.status, .failed)
        XCTAssertTrue(record.failure?.hasPrefix("timed out after 0.5s (killed)") ?? false, record.failure ?? "")
        let grandchild = try XCTUnwrap(Int32(try String(contentsOf: directory.appendingPathComponent("grandchild"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        XCTAssertTrue(Poll.until(timeout: 10) { kill(grandchild, 0) != 0 }, "the grandchild \(grandchild) outlived the timeout")
        let scratch = try String(contentsOf: directory.appendingPathComponent("tmpdir"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(scratch.contains("kvbench-rep-\(getpid())-"), scratch)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch), "the scratch directory is removed")
    }

    /// The real child refuses a request whose text does not match its hash, and reports the
    /// failure on the channel rather than running something other than what was asked.
    func testTheChildRunsOnlyTheTextItWasGiven() throws {
        let kvbench = try XCTUnwrap(TestPaths.kvbench, "kvbench is built next to the tests")
        var tampered = request
        tampered.workload.text += "\n# changed after hashing"
        let record = launcher(kvbench.path).run(tampered) { _ in }
        XCTAssertEqual(record.status, .failed)
        XCTAssertTrue(record.failure?.hasPrefix("the workload text does not match its hash") ?? false, record.failure ?? "")
    }

    /// A suite of three repetitions whose second child aborts (a wrapper around the real
    /// kvbench that kills itself for index 1): the failure is recorded with the signal, the
    /// other two are kept, and the run fails.
    func testAnAbortedRepetitionIsReportedAndTheOthersKept() throws {
        let kvbench = try XCTUnwrap(TestPaths.kvbench, "kvbench is built next to the tests")
        let wrapper = try script("abort-second", """
        request=$(cat)
        case "$request" in *'"index":1'[,}]*) kill -ABRT $$ ;; esac
        exec '\(kvbench.path)' _repetition <<END
        $request
        END
        """)
        let file = try RunnerFixtures.workload("three", count: 3, in: directory)
        let options = SuiteOptions(paths: [file], repetitions: nil, warmup: nil, resultsRoot: directory.appendingPathComponent("r").path,
                                   quick: false, command: ["kvbench"])
        let sink = CollectingSink()
        let runner = RunnerFixtures.runner(options, launchers: [launcher(wrapper)], sink: sink, progress: ProgressLines().progress)
        XCTAssertEqual(runner.execute(try SuitePlanner.plan(options).get().workloads), .runFailure)
        let run = try XCTUnwrap(sink.runs.first)
        XCTAssertEqual(run.repetitions.map(\.status), [.ok, .failed, .ok], run.repetitions.compactMap(\.failure).joined(separator: "\n"))
        XCTAssertTrue(run.repetitions[1].failure?.hasPrefix("killed by signal \(SIGABRT)") ?? false, run.repetitions[1].failure ?? "")
    }
}
