import Foundation
import TestSupport
import XCTest

/// The history of a scratch repository's branch: three commits, the middle one without results,
/// the last one adding checkpoint bytes per item. `history` reports the step with the gap before
/// it, `bisect` proposes the middle commit, and the dashboard renders in headless Chromium with
/// axes and units, working links to every point's report, and filters that work without script.
final class DashboardTests: KVBenchTestCase {
    var repository: URL { scratch.appendingPathComponent("repo") }
    var results: String { scratch.appendingPathComponent("results").path }

    func git(_ arguments: String...) throws {
        let outcome = try run("/usr/bin/env", ["git", "-c", "user.name=kvbench", "-c", "user.email=kvbench@localhost"] + arguments, in: repository)
        XCTAssertEqual(outcome.status, 0, "git \(arguments): \(outcome.stderr)")
    }

    /// The commits, oldest first.
    func makeHistory() throws -> [String] {
        try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        let gated = Self.tinyWorkload.replacingOccurrences(of: "count: 1", with: "count: 5")
            .replacingOccurrences(of: "checkpoint: {max_size: 64KiB}", with: "checkpoint: {max_size: 64KiB}, persistence: false")
        let second = gated.replacingOccurrences(of: "name: tiny-expel", with: "name: tiny-two")
        for (index, extra) in ["", "", ", test_extra_checkpoint_bytes_per_item: 48"].enumerated() {
            for (file, text) in [("a.yaml", gated), ("b.yaml", second)] {
                try text.replacingOccurrences(of: "persistence: false", with: "persistence: false\(extra)")
                    .write(to: repository.appendingPathComponent(file), atomically: true, encoding: .utf8)
            }
            try git("add", "a.yaml", "b.yaml")
            try git("commit", "-q", "--allow-empty", "-m", "v\(index)")
            guard index != 1 else { continue }
            let outcome = try kvbench(["run", "a.yaml", "b.yaml", "--results", results], in: repository)
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
        }
        let log = try run("/usr/bin/env", ["git", "rev-list", "--reverse", "HEAD"], in: repository)
        return log.stdout.split(separator: "\n").map(String.init)
    }

    func testHistoryBisectAndTheDashboardInChromium() throws {
        let commits = try makeHistory()
        let history = try kvbench(["history", "--results", results, "--metric", "checkpoint.memory.before_expel"], in: repository)
        XCTAssertEqual(history.status, 0, history.stderr)
        XCTAssertTrue(history.stdout.contains("main: 3 commit(s)"), history.stdout)
        XCTAssertTrue(history.stdout.contains("tiny-expel checkpoint.memory.before_expel [bytes]: regressed +"), history.stdout)
        XCTAssertTrue(history.stdout.contains("step in \(commits[0].prefix(12))..\(commits[2].prefix(12)): 1 commit(s) without results"),
                      history.stdout)
        XCTAssertTrue(history.stdout.contains("gap: \(commits[1].prefix(12))"), history.stdout)

        let bisect = try kvbench(["bisect", "--results", results, "--metric", "checkpoint.memory.before_expel"], in: repository)
        XCTAssertEqual(bisect.status, 0, bisect.stderr)
        XCTAssertEqual(bisect.stdout, commits[1] + "\n", "the untested commit in the middle")
        XCTAssertEqual(try kvbench(["bisect", "--results", results], in: repository).status, 2, "bisect needs --metric")

        let dashboard = try kvbench(["dashboard", "--results", results], in: repository)
        XCTAssertEqual(dashboard.status, 0, dashboard.stderr)
        let page = URL(fileURLWithPath: results).appendingPathComponent("dashboards/main.html")
        try checkInChromium(page)
    }

    /// Loads the dashboard in a frame of a probe page of the test's own (the dashboard has no
    /// script), which reads the rendered charts, follows the filters and lists the links.
    func checkInChromium(_ page: URL) throws {
        guard let chromium = ReportPagesTests.chromium else {
            return XCTFail("headless Chromium is missing: `make test` installs it (apt-get install chromium)")
        }
        let probe = scratch.appendingPathComponent("probe.html")
        try """
        <!DOCTYPE html><html><head><title>probe</title></head><body><pre id="out">pending</pre>
        <iframe id="frame" src="\(page.absoluteString)" style="width:1200px;height:3000px"></iframe>
        <script>
        document.getElementById('frame').onload = () => { try {
          const doc = document.getElementById('frame').contentDocument;
          const visible = () => [...doc.querySelectorAll('section.chart')].filter(s => getComputedStyle(s).display !== 'none');
          const out = {};
          out.charts = doc.querySelectorAll('section.chart').length;
          out.axisTitles = [...new Set([...doc.querySelectorAll('text.axis-title')].map(t => t.textContent))];
          out.renderedTitles = [...doc.querySelectorAll('text.axis-title')].filter(t => t.getBBox().width > 0).length;
          out.tickLabels = [...doc.querySelectorAll('text.axis')].filter(t => t.getBBox().width > 0).length;
          out.links = [...doc.querySelectorAll('svg a')].map(a => new URL(a.getAttribute('href'), doc.baseURI).href);
          out.changes = doc.querySelectorAll('rect.change').length;
          out.all = visible().length;
          doc.querySelector('label[for=w0]').click();
          out.firstWorkload = visible().map(s => s.classList.contains('w0'));
          doc.querySelector('label[for=c0]').click();
          out.firstWorkloadChanged = visible().length;
          doc.querySelector('label[for=w-all]').click();
          doc.querySelector('label[for=c-all]').click();
          doc.querySelector('label[for=m0]').click();
          out.firstMetric = visible().map(s => s.classList.contains('m0'));
          document.getElementById('out').textContent = JSON.stringify(out);
        } catch (error) { document.getElementById('out').textContent = 'error: ' + error; } };
        </script></body></html>
        """.write(to: probe, atomically: true, encoding: .utf8)
        let dump = try ReportPagesTests.dumpDOM(probe, chromium: chromium, in: scratch, flags: ["--allow-file-access-from-files"])
        XCTAssertEqual(dump.status, 0, dump.stderr.suffix(500).description)
        let json = try XCTUnwrap(dump.stdout.range(of: "<pre id=\"out\">").flatMap { start in
            dump.stdout[start.upperBound...].range(of: "</pre>").map { String(dump.stdout[start.upperBound..<$0.lowerBound]) }
        }, dump.stdout.prefix(500).description)
        let out = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.replacingOccurrences(of: "&quot;", with: "\"").utf8)) as? [String: Any],
                                json)
        let charts = try XCTUnwrap(out["charts"] as? Int)
        XCTAssertGreaterThan(charts, 40, "a chart per workload × metric")
        XCTAssertEqual(out["all"] as? Int, charts, "every chart shows before filtering")
        let titles = try XCTUnwrap(out["axisTitles"] as? [String])
        XCTAssertTrue(titles.contains("bytes") && titles.contains("ops/s") && titles.contains("seconds"), "unit axis titles: \(titles)")
        XCTAssertTrue(titles.contains("commit, oldest to newest (3 commits)"), "\(titles)")
        XCTAssertEqual(out["renderedTitles"] as? Int, 2 * charts, "both axis titles drawn on every chart")
        XCTAssertGreaterThan(try XCTUnwrap(out["tickLabels"] as? Int), 6 * charts, "tick labels drawn")
        let links = try XCTUnwrap(out["links"] as? [String])
        XCTAssertEqual(links.count, 2 * charts, "two commits with results per chart")
        for link in Set(links) {
            let file = try XCTUnwrap(URL(string: link)).path
            XCTAssertTrue(file.hasSuffix("/report.html") && FileManager.default.fileExists(atPath: file), "a broken link: \(link)")
        }
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(out["changes"] as? Int), 4, "the step is shaded on the checkpoint memory charts")
        let firstWorkload = try XCTUnwrap(out["firstWorkload"] as? [Bool])
        XCTAssertEqual(firstWorkload.count, charts / 2, "half the charts are the first workload's")
        XCTAssertTrue(firstWorkload.allSatisfy { $0 })
        let changed = try XCTUnwrap(out["firstWorkloadChanged"] as? Int)
        XCTAssertTrue(changed > 0 && changed < charts / 2, "only the first workload's changed series: \(changed)")
        let firstMetric = try XCTUnwrap(out["firstMetric"] as? [Bool])
        XCTAssertEqual(firstMetric.count, 2, "one metric of each workload")
        XCTAssertTrue(firstMetric.allSatisfy { $0 })
    }
}
