import Results

/// JUnit XML for CI test reporters: a test suite per workload, a test case per metric; a
/// regression is a failure, an inconclusive result is skipped with its reason.
public struct JUnitComparison: ComparisonFormat {
    public init() {}

    public func render(_ report: ComparisonReport) -> String {
        let byWorkload = Dictionary(grouping: report.comparisons, by: \.workload)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"kvbench\" tests=\"\(report.comparisons.count)\" failures=\"\(report.count(.regressed))\" skipped=\"\(report.count(.inconclusive))\">\n"
        for workload in byWorkload.keys.sorted() {
            let cases = byWorkload[workload]!.sorted { $0.metric < $1.metric }
            let failures = cases.filter { $0.outcome == .regressed }.count
            let skipped = cases.filter { $0.outcome == .inconclusive }.count
            xml += "  <testsuite name=\"\(Markup.escape(workload))\" tests=\"\(cases.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\">\n"
            for c in cases {
                xml += "    <testcase classname=\"\(Markup.escape(workload))\" name=\"\(Markup.escape(c.metric))\">"
                switch c.outcome {
                case .regressed: xml += "<failure message=\"\(Markup.escape(c.reason))\">base \(ComparisonFormats.number(c.baseMedian)), candidate \(ComparisonFormats.number(c.candidateMedian))</failure>"
                case .inconclusive: xml += "<skipped message=\"\(Markup.escape(c.reason))\"/>"
                case .improved, .unchanged, .changed: xml += "<system-out>\(Markup.escape(c.outcome.rawValue + ": " + c.reason))</system-out>"
                }
                xml += "</testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }
}
