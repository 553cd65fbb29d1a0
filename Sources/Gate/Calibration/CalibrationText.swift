import Foundation

extension Calibration {
    /// The report `kvbench calibrate` prints: the family-wise outcome, then one line per gated
    /// metric — false alarms, the largest A/A change, the smallest change the gate detects.
    public func text() -> String {
        var lines = ["calibration: \(pairs) A/A pair(s); the gate would have failed \(failedPairs) of them "
                     + "(observed family-wise false-alarm rate \(percent(pairs == 0 ? 0 : Double(failedPairs) / Double(pairs))))"]
        lines += problems.map { "  incomplete: \($0)" }
        for workload in Set(findings.map(\.workload)).sorted() {
            lines.append("")
            lines.append("\(workload) (\(repetitions[workload].map { "\($0) repetitions per side" } ?? "repetitions not recorded"))")
            for finding in findings where finding.workload == workload {
                lines.append("  \(finding.metric): \(finding.falseAlarms)/\(finding.pairs) false alarm(s), largest A/A change "
                             + "\(percent(finding.largestChange)), detects \(detection(finding))"
                             + (finding.proposed > finding.threshold ? "; proposed threshold \(percent(finding.proposed))" : ""))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The thresholds file: YAML that `--thresholds` reads back.
    public func thresholdsYAML() -> String {
        var text = "# Written by kvbench calibrate from \(pairs) A/A pair(s) on this machine: relative limits raised\n"
            + "# to half as much again as the largest change an A/A pair showed where it would have counted.\n"
        let proposals = proposedThresholds
        if proposals.isEmpty { return text + "{}\n" }
        for (metric, limit) in proposals.sorted(by: { $0.key < $1.key }) {
            text += "\(metric): {max_increase: \(String(format: "%.1f", limit * 100))%}\n"
        }
        return text
    }

    private func detection(_ finding: Finding) -> String {
        if let change = finding.detectable {
            return (finding.exact ? "any change beyond " : "") + (finding.direction == .higherIsBetter ? "−" : "+") + percent(change)
                + (finding.exact ? " (exact)" : "")
        }
        if let needed = finding.requiredRepetitions { return "nothing: underpowered, needs ≥ \(needed) repetitions per side" }
        return "no change up to the search limit (values not positive or too spread)"
    }

    private func percent(_ value: Double) -> String { String(format: "%.2f%%", value * 100) }
}
