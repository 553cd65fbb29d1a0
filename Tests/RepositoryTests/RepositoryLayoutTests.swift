import Foundation
import TestSupport
import XCTest

/// The repository's own rules, checked on its files: small source files and functions, metric
/// names spelled only in the catalog, tests that never look at processes they did not start.
final class RepositoryLayoutTests: XCTestCase {
    static let root = TestPaths.packageRoot

    /// Every `.swift` file under `directory`, relative to the package root.
    private func swiftFiles(under directory: String) throws -> [(path: String, lines: [Substring])] {
        let base = Self.root.appendingPathComponent(directory)
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(atPath: base.path))
        return try enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted().map { relative in
            let text = try String(contentsOf: base.appendingPathComponent(relative), encoding: .utf8)
            return ("\(directory)/\(relative)", text.split(separator: "\n", omittingEmptySubsequences: false))
        }
    }

    func testNoSourceFileIsOver400Lines() throws {
        let long = try swiftFiles(under: "Sources").filter { $0.lines.count > 400 }.map { "\($0.path): \($0.lines.count) lines" }
        XCTAssertEqual(long, [])
    }

    /// A function runs from its `func`/`init` line to the closing brace at the same indentation.
    func testNoFunctionIsOver80Lines() throws {
        var long: [String] = []
        for file in try swiftFiles(under: "Sources") {
            for (start, line) in file.lines.enumerated() {
                let indent = line.prefix { $0 == " " }
                let code = line.dropFirst(indent.count)
                let words = code.split(separator: " ")
                guard words.contains(where: { $0 == "func" || $0.hasPrefix("init(") || $0.hasPrefix("init?(") || $0.hasPrefix("init<") }),
                      !code.hasPrefix("//"), !code.hasPrefix("///"), line.hasSuffix("{") else { continue }
                guard let end = file.lines[(start + 1)...].firstIndex(where: { $0 == indent + "}" }) else { continue }
                if end - start + 1 > 80 { long.append("\(file.path):\(start + 1): \(end - start + 1) lines") }
            }
        }
        XCTAssertEqual(long, [])
    }

    /// Metric names (`"checkpoint.…"`, `"mem.…"`, `"ops.…"`, `"backfill.…"`, `"quota.…"`) appear as
    /// string literals only in the catalog, where each is defined once.
    func testMetricNamesAreSpelledOnlyInTheCatalog() throws {
        let literal = try NSRegularExpression(pattern: #""(checkpoint|mem|ops|backfill|quota)\.[a-z0-9_.<>]*"#)
        var outside: [String] = []
        var inCatalog: [String: Int] = [:]
        for file in try swiftFiles(under: "Sources") {
            for (number, line) in file.lines.enumerated() {
                let text = String(line)
                for match in literal.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let name = String(text[Range(match.range, in: text)!])
                    if file.path.hasPrefix("Sources/Results/Catalog/") {
                        inCatalog[name, default: 0] += 1
                    } else {
                        outside.append("\(file.path):\(number + 1): \(name)")
                    }
                }
            }
        }
        XCTAssertEqual(outside, [], "metric names outside the catalog")
        XCTAssertEqual(inCatalog.filter { $0.value > 1 }.keys.sorted(), [], "spelled twice in the catalog")
        XCTAssertGreaterThan(inCatalog.count, 50, "the scan found the catalog")
    }

    /// No test reads the process table: a test signals and waits only on the processes it started.
    func testNoTestScansOtherProcesses() throws {
        let table = "/" + "proc"
        let readers = try swiftFiles(under: "Tests").flatMap { file in
            file.lines.enumerated().filter { $0.element.contains(table) }.map { "\(file.path):\($0.offset + 1)" }
        }
        XCTAssertEqual(readers, [])
    }
}
