import Foundation
import TestSupport
import XCTest

/// Every page kind rendered by headless Chromium (installed by `make test`): it loads, logs no
/// console error, references nothing on the network, runs no script even with hostile text in
/// the workload, and CSV files read back with Python's csv module and a strict RFC 4180 reader.
final class ReportPagesTests: KVBenchTestCase {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static let hostile = "# <script>document.title='pwned'</script> & \"quotes\" 'apostrophes' <b>bold</b>\n"

    /// Test artifacts (screenshots) go next to the build, outside git.
    var artifacts: URL { TestPaths.buildDirectory.appendingPathComponent("test-artifacts") }

    func pages() throws -> [String: URL] {
        let file = try write(Self.hostile + Self.tinyWorkload.replacingOccurrences(of: "count: 1", with: "count: 2"), "hostile.yaml")
        let results = scratch.appendingPathComponent("out")
        XCTAssertEqual(try kvbench(["run", file, "--results", results.path]).status, 0)
        XCTAssertEqual(try kvbench(["run", file, "--results", scratch.appendingPathComponent("out2").path]).status, 0)
        let commit = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: results.path).first { !$0.hasPrefix(".") })
        // A sweep's page, with the second run's points overlaid as its base.
        let sweep = try write(Self.hostile + SweepTests.matrix, "sweep.yaml")
        XCTAssertEqual(try kvbench(["run", sweep, "--results", results.path]).status, 0)
        XCTAssertEqual(try kvbench(["run", sweep, "--results", scratch.appendingPathComponent("out2").path]).status, 0)
        XCTAssertEqual(try kvbench(["sweep", results.path, "--base", scratch.appendingPathComponent("out2").path]).status, 0)
        let compare = try kvbench(["compare", results.path, scratch.appendingPathComponent("out2").path, "--format", "html"])
        let comparison = scratch.appendingPathComponent("comparison.html")
        try compare.stdout.write(to: comparison, atomically: true, encoding: .utf8)
        return ["report": results.appendingPathComponent(commit).appendingPathComponent("tiny-expel/report.html"),
                "index": results.appendingPathComponent(commit).appendingPathComponent("index.html"),
                "sweep": results.appendingPathComponent(commit).appendingPathComponent("tiny-sweep.sweep.html"),
                "comparison": comparison, "dashboard": try historyPage(workload: file)]
    }

    /// The history dashboard (`kvbench history --html`) from one commit of a scratch repository.
    func historyPage(workload: String) throws -> URL {
        let repository = scratch.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
        for arguments in [["init", "-q"], ["-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-q", "--allow-empty", "-m", "one"]] {
            let git = try run("/usr/bin/env", ["git", "-C", repository.path] + arguments)
            XCTAssertEqual(git.status, 0, git.stderr)
        }
        let results = scratch.appendingPathComponent("history-results").path
        XCTAssertEqual(try kvbench(["run", workload, "--results", results], in: repository).status, 0)
        let page = scratch.appendingPathComponent("history.html")
        let history = try kvbench(["history", "--results", results, "--html", page.path], in: repository)
        XCTAssertEqual(history.status, 0, history.stderr)
        return page
    }

    /// The DOM of `page` after headless Chromium loaded it (console messages on standard error);
    /// `flags` are extra Chromium switches.
    static func dumpDOM(_ page: URL, chromium: String, in directory: URL, flags: [String] = []) throws -> ProcessRunner.Outcome {
        try ProcessRunner.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                                         "--virtual-time-budget=2000"] + flags + ["--dump-dom", page.absoluteString], in: directory)
    }

    func testPagesLoadOfflineWithoutScriptsOrConsoleErrors() throws {
        guard let chromium = Self.chromium else {
            return XCTFail("headless Chromium is missing: `make test` installs it (apt-get install chromium)")
        }
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        for (name, page) in try pages() {
            let html = try String(contentsOf: page, encoding: .utf8)
            XCTAssertFalse(html.contains("<script"), "\(name): a script element")
            XCTAssertFalse(html.contains("src=") || html.contains("url(") || html.contains("<link"), "\(name): an external reference")
            XCTAssertFalse(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"), "\(name): a network URL")
            if name == "report" { XCTAssertTrue(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt; &amp; &quot;quotes&quot;"), name) }

            let dump = try Self.dumpDOM(page, chromium: chromium, in: scratch)
            XCTAssertEqual(dump.status, 0, "\(name): \(dump.stderr.suffix(500))")
            XCTAssertFalse(dump.stdout.contains("pwned</title>"), "\(name): a script ran")
            XCTAssertTrue(dump.stdout.contains("<title>"), "\(name): no document")
            let consoleErrors = dump.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
            XCTAssertEqual(consoleErrors, [], "\(name): console output")
            let screenshot = artifacts.appendingPathComponent("\(name).png")
            _ = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1100,2000",
                                   "--screenshot=\(screenshot.path)", page.absoluteString])
            XCTAssertTrue(FileManager.default.fileExists(atPath: screenshot.path), "\(name): no screenshot")
        }
    }

    func testCSVFilesReadBackStrictly() throws {
        let file = try write(Self.hostile + Self.tinyWorkload, "hostile.yaml")
        let results = scratch.appendingPathComponent("out")
        XCTAssertEqual(try kvbench(["run", file, "--results", results.path]).status, 0)
        let commit = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: results.path).first { !$0.hasPrefix(".") })
        let directory = results.appendingPathComponent(commit).appendingPathComponent("tiny-expel")
        let documented: [String: [String]] = [
            "summary.csv": ["workload", "metric", "unit", "direction", "repetitions", "median", "mean", "stddev", "min", "max", "cv", "allocator",
                            "kind"],
            "timeseries.csv": ["repetition", "t_seconds", "phase", "metric", "value"],
            "latency.csv": ["repetition", "phase", "operation", "count", "p50_us", "p90_us", "p99_us", "p99.9_us", "max_us"],
            "phases.csv": ["repetition", "phase", "kind", "start_seconds", "end_seconds", "duration_seconds", "ops", "ops_per_second"],
        ]
        for (name, header) in documented {
            let path = directory.appendingPathComponent(name).path
            let rows = try RFC4180.parse(String(contentsOfFile: path, encoding: .utf8))
            XCTAssertEqual(rows.first, header, name)
            XCTAssertGreaterThan(rows.count, 1, name)
            for row in rows.dropFirst() {
                XCTAssertEqual(row.count, header.count, "\(name): \(row)")
                XCTAssertFalse(row.contains(""), "\(name): an empty field in \(row)")
            }
            let script = """
            import csv, sys
            with open(sys.argv[1], newline='') as f:
                rows = list(csv.reader(f, strict=True))
            assert rows[0] == sys.argv[2].split('|'), rows[0]
            assert len(rows) > 1 and all(len(r) == len(rows[0]) and all(r) for r in rows[1:])
            print(len(rows))
            """
            let python = try run("/usr/bin/env", ["python3", "-c", script, path, header.joined(separator: "|")])
            XCTAssertEqual(python.status, 0, "\(name): \(python.stderr)")
            XCTAssertEqual(Int(python.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), rows.count, name)
        }
    }
}

/// A strict RFC 4180 reader: CRLF record ends, quoted fields with doubled quotes, nothing else.
enum RFC4180 {
    struct Malformed: Error { var detail: String }

    static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var characters = Array(text.unicodeScalars)[...]
        var fieldStart = true
        while let character = characters.popFirst() {
            switch character {
            case "\"" where fieldStart:
                var closed = false
                while let next = characters.popFirst() {
                    if next == "\"" {
                        if characters.first == "\"" {
                            field.unicodeScalars.append("\"")
                            characters.removeFirst()
                        } else {
                            closed = true
                            break
                        }
                    } else {
                        field.unicodeScalars.append(next)
                    }
                }
                guard closed else { throw Malformed(detail: "unterminated quoted field") }
                guard let following = characters.first, following == "," || following == "\r" else {
                    throw Malformed(detail: "text after a closing quote")
                }
                fieldStart = false
            case "\"":
                throw Malformed(detail: "a quote inside an unquoted field")
            case ",":
                row.append(field)
                field = ""
                fieldStart = true
            case "\r":
                guard characters.popFirst() == "\n" else { throw Malformed(detail: "CR without LF") }
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                fieldStart = true
            case "\n":
                throw Malformed(detail: "a bare LF record end")
            default:
                field.unicodeScalars.append(character)
                fieldStart = false
            }
        }
        guard row.isEmpty && field.isEmpty else { throw Malformed(detail: "the last record does not end with CRLF") }
        return rows
    }
}
