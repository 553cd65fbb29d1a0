import Results

/// JUnit XML for CI test reporters: a test suite per workload with a test case per metric — a
/// gated regression is a failure, an undecided gated metric is skipped with its reason — and a
/// `kvbench` suite whose errors are what made the results incomplete. Every suite carries tests,
/// failures, errors and skipped.
public struct JUnitComparison: ComparisonFormat {
    public init() {}

    public func render(_ report: ComparisonReport) -> String {
        let byWorkload = Dictionary(grouping: report.comparisons, by: \.workload)
        var suites: [String] = []
        var totals = (tests: 0, failures: 0, errors: 0, skipped: 0)
        for workload in byWorkload.keys.sorted() {
            let cases = byWorkload[workload]!.sorted { $0.metric < $1.metric }
            let failures = cases.filter { $0.gated && $0.outcome == .regressed }.count
            let skipped = cases.filter { $0.gated && [.inconclusive, .underpowered].contains($0.outcome) }.count
            var xml = "  <testsuite name=\"\(Markup.escape(workload))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
            for c in cases { xml += testCase(c) }
            suites.append(xml + "  </testsuite>\n")
            totals = (totals.tests + cases.count, totals.failures + failures, totals.errors, totals.skipped + skipped)
        }
        var completeness = "  <testsuite name=\"kvbench\" tests=\"\(max(1, report.problems.count))\" failures=\"0\" errors=\"\(report.problems.count)\" skipped=\"0\">\n"
        if report.problems.isEmpty {
            completeness += "    <testcase classname=\"kvbench\" name=\"complete results\"/>\n"
        }
        for problem in report.problems {
            completeness += "    <testcase classname=\"kvbench\" name=\"complete results\"><error message=\"\(Markup.escape(problem))\"/></testcase>\n"
        }
        suites.append(completeness + "  </testsuite>\n")
        totals = (totals.tests + max(1, report.problems.count), totals.failures, totals.errors + report.problems.count, totals.skipped)
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"kvbench\" tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" "
            + "errors=\"\(totals.errors)\" skipped=\"\(totals.skipped)\">\n" + suites.joined() + "</testsuites>\n"
    }

    private func testCase(_ c: MetricComparison) -> String {
        var xml = "    <testcase classname=\"\(Markup.escape(c.workload))\" name=\"\(Markup.escape(c.metric))\">"
        switch (c.gated, c.outcome) {
        case (true, .regressed):
            xml += "<failure message=\"\(Markup.escape(c.reason))\">base \(ComparisonFormats.number(c.baseMedian)), "
                + "candidate \(ComparisonFormats.number(c.candidateMedian))</failure>"
        case (true, .inconclusive), (true, .underpowered):
            xml += "<skipped message=\"\(Markup.escape(c.outcome.rawValue + ": " + c.reason))\"/>"
        default:
            xml += "<system-out>\(Markup.escape(ComparisonFormats.outcome(c) + ": " + c.reason))</system-out>"
        }
        return xml + "</testcase>\n"
    }
}
