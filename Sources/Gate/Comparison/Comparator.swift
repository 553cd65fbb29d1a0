import Foundation
import Results

/// Compares result sets metric by metric as one family: every gated metric of every workload is
/// tested together, under Holm's correction, so an unchanged suite fails at most 5% of the time
/// however many metrics it has; advisory metrics are tested at the plain level and reported.
/// Pure; any thread.
public enum Comparator {
    public static let significance = 0.05

    /// `thresholds` (from a thresholds file) override the base's workload declarations, which
    /// override the defaults by metric kind. The candidate's declarations never decide.
    public static func compare(base: ResultSet, candidate: ResultSet, thresholds: [String: Threshold] = [:]) -> ComparisonReport {
        var report = ComparisonReport(base: base.label, candidate: candidate.label, comparisons: [],
                                      problems: Completeness.oneSided(base: base, candidate: candidate))
        for name in Set(base.runs.keys).intersection(candidate.runs.keys).sorted() {
            let (b, c) = (base.runs[name]!, candidate.runs[name]!)
            let policy = GatePolicy(base: b, thresholds: thresholds)
            report.problems += Completeness.problems(name, base: b, baseLabel: base.label, candidate: c, candidateLabel: candidate.label,
                                                     policy: policy)
            report.thresholdChanges += Completeness.thresholdChanges(name, base: b, candidate: c)
            let differences = Fingerprint(b).differences(to: Fingerprint(c))
            if !differences.isEmpty { report.differences[name] = differences }
            let baseRows = Set(SummaryRow.rows(for: b).map(\.metric))
            for row in SummaryRow.rows(for: c) where baseRows.contains(row.metric) {
                report.comparisons.append(MetricJudge.measure(workload: name, metric: row.metric, unit: row.unit, direction: row.direction,
                                                              base: values(row.metric, in: b), candidate: values(row.metric, in: c),
                                                              threshold: policy.threshold(row.metric), gated: policy.isGated(row.metric)))
            }
        }
        decide(&report)
        return report
    }

    /// Holds the gated statistical comparisons to Holm's levels and the advisory ones to the
    /// plain level, then lets each metric conclude.
    static func decide(_ report: inout ComparisonReport) {
        let family = report.comparisons.indices.filter { report.comparisons[$0].gated && report.comparisons[$0].pValue != nil }
        let levels = FamilyCorrection.holmLevels(family.map { report.comparisons[$0].pValue! }, level: significance)
        for (level, index) in zip(levels, family) { report.comparisons[index].alpha = level }
        for index in report.comparisons.indices where !report.comparisons[index].gated && report.comparisons[index].pValue != nil {
            report.comparisons[index].alpha = significance
        }
        report.familySize = family.count
        report.familyAlpha = significance
        for index in report.comparisons.indices { MetricJudge.decide(&report.comparisons[index]) }
    }

    /// One metric on its own, at the plain level (no family): what `history` applies to each
    /// pair of consecutive commits.
    public static func compareMetric(workload: String, metric: String, base: [Double], candidate: [Double], threshold: Threshold,
                                     gated: Bool = true) -> MetricComparison {
        let definition = MetricCatalog.definition(of: metric)
        var comparison = MetricJudge.measure(workload: workload, metric: metric, unit: definition?.unit.rawValue ?? "",
                                             direction: definition?.direction ?? .neither, base: base, candidate: candidate,
                                             threshold: threshold, gated: gated)
        if comparison.pValue != nil { comparison.alpha = significance }
        MetricJudge.decide(&comparison)
        return comparison
    }

    static func values(_ metric: String, in run: RunResult) -> [Double] {
        run.measured.compactMap { $0.metric(metric)?.value }
    }
}
