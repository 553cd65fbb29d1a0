import Foundation
import Results
import TestSupport
import XCTest

/// The catalog: one definition per metric, names that resolve back to their definition, and
/// the documentation generated from it.
final class MetricCatalogTests: XCTestCase {
    func testPatternsAreUniqueAndWellFormed() {
        let patterns = MetricCatalog.all.map(\.pattern)
        XCTAssertEqual(Set(patterns).count, patterns.count, "a pattern defined twice")
        for definition in MetricCatalog.all {
            XCTAssertEqual(definition.pattern, definition.pattern.lowercased(), definition.pattern)
            XCTAssertFalse(definition.summary.isEmpty, definition.pattern)
            XCTAssertEqual(definition.direction == .neither, definition.neitherBecause != nil, definition.pattern)
        }
    }

    /// Every name a definition makes resolves to that definition — literals before patterns,
    /// `<path>` across segments — and names no definition makes resolve to nothing.
    func testNamesResolveToTheirDefinition() {
        let samples = ["label": "before_expel", "op": "set", "path": "3.1.0", "kind": "mutate", "figure": "allocated",
                       "tool": "validate", "domain": "primary", "strategy": "item_expel", "cause": "memory"]
        for definition in MetricCatalog.all {
            let name = definition.name(definition.placeholders.map { samples[$0]! })
            XCTAssertEqual(MetricCatalog.definition(of: name), definition, name)
        }
        XCTAssertEqual(MetricCatalog.definition(of: "checkpoint.memory.freed_by_expel"), Metrics.engineFreedByExpel)
        XCTAssertEqual(MetricCatalog.definition(of: "checkpoint.memory.after_expel"), Metrics.checkpointMemoryAt)
        XCTAssertEqual(MetricCatalog.definition(of: "phase.12.mutate.duration"), Metrics.phaseDuration)
        XCTAssertEqual(MetricCatalog.definition(of: "phase.12.restart.warmup.items"), Metrics.restartWarmupItems)
        XCTAssertNil(MetricCatalog.definition(of: "phase.x.mutate.duration"), "a path is digits")
        XCTAssertNil(MetricCatalog.definition(of: "checkpoint.memory."), "an empty label")
        XCTAssertNil(MetricCatalog.definition(of: "something.new"))
    }

    func testLabelsThatWouldShadowAnotherMetricAreFound() {
        XCTAssertEqual(MetricCatalog.collides(Metrics.checkpointMemoryAt, "freed_by_expel"), Metrics.engineFreedByExpel)
        XCTAssertNil(MetricCatalog.collides(Metrics.checkpointMemoryAt, "before_expel"))
    }

    /// results/README.md's metric table is the catalog's, verbatim.
    func testResultsReadmeTableIsGeneratedFromTheCatalog() throws {
        let readme = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("results/README.md"), encoding: .utf8)
        let begin = try XCTUnwrap(readme.range(of: "<!-- metrics:begin -->\n"))
        let end = try XCTUnwrap(readme.range(of: "<!-- metrics:end -->"))
        XCTAssertEqual(String(readme[begin.upperBound..<end.lowerBound]), MetricCatalog.markdownTable(),
                       "regenerate the table with `kvbench metrics --format markdown`")
    }
}
