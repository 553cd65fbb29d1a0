import Foundation
import Reports
import Results
import XCTest

final class ResultsTests: XCTestCase {
    static func run(values: [Double], workloadText: String = "version: 1") -> RunResult {
        let allocator = AllocatorRecord(kind: "jemalloc", path: "/usr/lib/libjemalloc.so.2", version: "5.3.0")
        let metadata = RunMetadata(commit: "0123456789abcdef0123", dirty: true, branch: "main", timestamp: "2026-11-21T10:00:00Z",
                                   host: HostRecord(cpuModel: "cpu", cores: 2, memoryBytes: 1 << 30, kernel: "6.1", hostname: "h"),
                                   swiftVersion: "6.3", buildConfiguration: "release", allocator: allocator, kvbenchVersion: "0.1.0")
        var repetitions = [RepetitionRecord(index: 0, warmup: true, status: .ok, allocator: allocator,
                                            metrics: [Metrics.checkpointMemoryAt.value(1e9, "before_expel")])]
        for (offset, value) in values.enumerated() {
            repetitions.append(RepetitionRecord(
                index: offset + 1, warmup: false, status: .ok, allocator: allocator,
                metrics: [Metrics.checkpointMemoryAt.value(value, "before_expel"), Metrics.operationThroughput.value(value / 10, "set")],
                phases: [PhaseRecord(index: 0, kind: "load", start: 0, end: 1, ops: 10)],
                markers: [Marker(t: 0.5, label: "before_expel")],
                timeseries: TimeSeries(metrics: ["checkpoint.memory"], t: [0, 0.1], phase: [0, 0], values: [[1, 2]])))
        }
        repetitions.append(RepetitionRecord(index: 9, warmup: false, status: .failed, failure: "killed by signal 9",
                                            allocator: allocator))
        return RunResult(metadata: metadata,
                         workload: WorkloadRecord(name: "expel", file: "w.yaml", sha256: SHA256.hex(Array(workloadText.utf8)), text: workloadText),
                         command: ["kvbench", "run", "w.yaml"], repetitions: repetitions)
    }

    func testStatistics() throws {
        let odd = try XCTUnwrap(Statistics([3, 1, 2]))
        XCTAssertEqual(odd.median, 2)
        XCTAssertEqual(odd.stddev, 1)
        let even = try XCTUnwrap(Statistics([4, 1, 3, 2]))
        XCTAssertEqual(even.median, 2.5)
        XCTAssertEqual(even.mean, 2.5)
        XCTAssertEqual(even.cv, even.stddev / 2.5, accuracy: 1e-12)
        XCTAssertEqual(Statistics([5])?.stddev, 0)
        XCTAssertNil(Statistics([]))
    }

    func testSummaryUsesMeasuredRepetitionsOnly() throws {
        let rows = SummaryRow.rows(for: Self.run(values: [100, 300, 200]))
        let memory = try XCTUnwrap(rows.first { $0.metric == "checkpoint.memory.before_expel" })
        XCTAssertEqual(memory.statistics.count, 3, "warm-up and failed repetitions are left out")
        XCTAssertEqual(memory.statistics.median, 200)
        XCTAssertEqual(memory.statistics.max, 300)
    }

    func testSummaryCSVHasTheDocumentedColumns() {
        let csv = SummaryCSV().render(Self.run(values: [100, 300, 200]))
        let lines = csv.components(separatedBy: "\r\n")
        XCTAssertEqual(lines[0], "workload,metric,unit,direction,repetitions,median,mean,stddev,min,max,cv,allocator,kind")
        XCTAssertEqual(lines[1], "expel,checkpoint.memory.before_expel,bytes,lower,3,200,200,100,100,300,0.5,jemalloc,bytes-engine")
        XCTAssertEqual(lines[2], "expel,ops.set.throughput,ops/s,higher,3,20,20,10,10,30,0.5,jemalloc,rate")
    }

    func testTimeseriesCSVIsLongFormat() {
        let csv = TimeseriesCSV().render(Self.run(values: [1]))
        XCTAssertTrue(csv.hasPrefix("repetition,t_seconds,phase,metric,value\r\n1,0,0:load,checkpoint.memory,1\r\n1,0.1,0:load,checkpoint.memory,2\r\n"), csv)
    }

    func testHTMLEscapesUserTextAndIsSelfContained() {
        let html = HTMLReport().render(Self.run(values: [1, 2], workloadText: "name: <script>alert('x')</script> & co"))
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"))
        XCTAssertTrue(html.contains("<svg"))
        XCTAssertTrue(html.contains("before_expel"))
        XCTAssertTrue(html.contains("killed by signal 9"))
        XCTAssertFalse(html.contains("http://") && !html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertFalse(html.contains("<link"))
    }

    /// The fast formatter writes what `%.6f` with trailing zeros dropped writes, for values of
    /// every magnitude a result holds (rounding ties aside, which random doubles do not hit).
    func testPlainNumbersMatchPrintf() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<100_000 {
            let magnitude = Double.random(in: -7...14, using: &random)
            let value = (Bool.random(using: &random) ? 1 : -1) * pow(10, magnitude) * Double.random(in: 1...9.99, using: &random)
            var expected = String(format: "%.6f", value)
            if expected.contains(".") {
                while expected.hasSuffix("0") { expected.removeLast() }
                if expected.hasSuffix(".") { expected.removeLast() }
            }
            if expected == "-0" { expected = "0" }
            XCTAssertEqual(NumberText.plain(value), expected, "\(value)")
        }
        XCTAssertEqual(NumberText.plain(0.5), "0.5")
        XCTAssertEqual(NumberText.plain(-2.25), "-2.25")
        XCTAssertEqual(NumberText.plain(1e-9), "0")
        XCTAssertEqual(NumberText.plain(3), "3")
        XCTAssertEqual(NumberText.plain(.infinity), "inf")
    }

    func testCSVQuoting() {
        let run = Self.run(values: [1])
        var tricky = run
        tricky.workload.name = "a,\"b\"\nc"
        XCTAssertTrue(SummaryCSV().render(tricky).contains("\"a,\"\"b\"\"\nc\",checkpoint.memory.before_expel"))
    }

    func testRoundTripAndSchemaChecks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kvb-results-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("run.json")
        let run = Self.run(values: [1, 2])
        try ResultStore.writeAtomically(try ResultStore.encode(run), to: file)
        XCTAssertEqual(try ResultStore.load(file), run)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["run.json"], "no temp file left")

        var json = try String(contentsOf: file, encoding: .utf8)
        json = json.replacingOccurrences(of: "\"major\" : 1", with: "\"major\" : 2")
        try json.write(to: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ResultStore.load(file)) { XCTAssertTrue("\($0)".contains("result schema 2.\(RunResult.currentSchema.minor) is not readable"), "\($0)") }

        try "{ not json".write(to: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ResultStore.load(file)) { XCTAssertTrue("\($0)".contains("corrupt result file")) }
    }

    func testResultsDirectoryLayout() {
        let run = Self.run(values: [1])
        let store = ResultStore(root: URL(fileURLWithPath: "/r"))
        XCTAssertEqual(store.directory(for: run.metadata, workload: "expel").path, "/r/0123456789ab-dirty/expel")
    }

    func testSHA256KnownVectors() {
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array(String(repeating: "a", count: 1000).utf8)),
                       "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
