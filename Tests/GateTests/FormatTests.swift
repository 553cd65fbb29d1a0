import Foundation
import FoundationXML
@testable import Gate
import Results
import XCTest

/// What each output format must carry for CI: a verdict first, problems as errors, limits kept.
final class FormatTests: XCTestCase {
    typealias Run = GateFixtures.Run

    private func report(problem: Bool = false, metrics: Int = 3) -> ComparisonReport {
        var base: [String: [Double]] = [:], candidate: [String: [Double]] = [:]
        for index in 0..<metrics {
            base[Metrics.primaryAllocatedAt.name(["l\(index)"])] = [100, 100]
            candidate[Metrics.primaryAllocatedAt.name(["l\(index)"])] = [index == 0 ? 150 : 100, index == 0 ? 150 : 100]
        }
        base[GateFixtures.duration] = [1, 1.1, 0.9]
        candidate[GateFixtures.duration] = [1, 1.2, 0.9]
        var failed = Run(name: "w <&>", metrics: candidate)
        failed.failed = problem ? 1 : 0
        return GateFixtures.compare(Run(name: "w <&>", metrics: base), failed)
    }

    func testJUnitCarriesCountsOnEverySuiteAndProblemsAsErrors() throws {
        let document = try XMLDocument(xmlString: JUnitComparison().render(report(problem: true)))
        let suites = try document.nodes(forXPath: "//testsuite").compactMap { $0 as? XMLElement }
        XCTAssertEqual(suites.count, 2)
        for suite in suites {
            for attribute in ["tests", "failures", "errors", "skipped"] { XCTAssertNotNil(suite.attribute(forName: attribute), attribute) }
        }
        XCTAssertEqual(try document.nodes(forXPath: "//testcase/failure").count, 1, "the gated regression")
        XCTAssertEqual(try document.nodes(forXPath: "//testcase/error").count, 1, "the failed repetition")
        let root = try XCTUnwrap(document.rootElement())
        XCTAssertEqual(root.attribute(forName: "errors")?.stringValue, "1")
    }

    func testMarkdownStartsWithTheVerdictAndListsRegressionsFirst() {
        let markdown = MarkdownComparison().render(report())
        let lines = markdown.split(separator: "\n")
        XCTAssertTrue(lines[0].contains("FAIL: regression"), String(lines[0]))
        let header = lines.firstIndex { $0.hasPrefix("| outcome |") }!
        XCTAssertTrue(lines[header + 2].contains("regressed"), "regressions first")
        XCTAssertTrue(markdown.contains("Unchanged (not listed): w &lt;&amp;&gt; 2"), markdown)
        XCTAssertFalse(markdown.contains("<&>"), "user text is escaped")
    }

    func testMarkdownStaysUnderTheCommentLimit() {
        let large = report(metrics: 3000)
        var everything = large
        for index in everything.comparisons.indices { everything.comparisons[index].outcome = .regressed }
        let markdown = MarkdownComparison().render(everything)
        XCTAssertLessThan(markdown.utf8.count, MarkdownComparison.limit)
        XCTAssertTrue(markdown.contains("more row(s) left out"), String(markdown.suffix(300)))
    }

    func testTextNamesProblemsAndDifferences() {
        let text = TextComparison().render(report(problem: true))
        XCTAssertTrue(text.contains("FAIL: incomplete results"), text)
        XCTAssertTrue(text.contains("problem: candidate/w <&>: 1 repetition(s) failed"), text)
    }
}
