import Foundation
import Results
import Yams

/// The `thresholds` block of a workload, and thresholds files (the same mapping at top level):
/// `metric-or-prefix.*: {max_increase: 5%, max_decrease: 5%, max: 64MiB, min: 100k}`.
/// `max_increase`/`max_decrease` are relative limits (which one applies follows the metric's
/// direction); `max`/`min` are budgets on the candidate's median in the metric's unit — a ceiling
/// and a floor whatever the direction (sizes and counts accepted).
public enum ThresholdsParser {
    public static func parse(fileAt path: String) throws(WorkloadError) -> [String: Threshold] {
        let node = try WorkloadParser.compose(try WorkloadParser.readFile(path), file: path)
        return try parse(node, "", NodeReader(file: path))
    }

    static func parse(_ node: Node, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> [String: Threshold] {
        guard let mapping = node.mapping else { throw reader.error(node, path, "expected a mapping of metric names to thresholds") }
        var thresholds: [String: Threshold] = [:]
        for (keyNode, value) in mapping {
            let metric = try metricPattern(keyNode, path, reader)
            let itemPath = reader.join(path, metric)
            let fields = try reader.mapping(value, itemPath, allowed: ["max_increase", "max_decrease", "max", "min"])
            guard !fields.isEmpty else { throw reader.error(value, itemPath, "give max_increase, max_decrease, max or min") }
            if fields["max_increase"] != nil && fields["max_decrease"] != nil {
                throw reader.error(value, itemPath, "give max_increase or max_decrease, not both (the metric's direction decides which applies)")
            }
            var threshold = Threshold()
            for key in ["max_increase", "max_decrease"] {
                guard let node = fields[key] else { continue }
                let text = try reader.string(node, "\(itemPath).\(key)")
                guard text.hasSuffix("%"), let percent = Double(text.dropLast()), percent >= 0 else {
                    throw reader.error(node, "\(itemPath).\(key)", "expected a percentage like 5%, got '\(text)'")
                }
                threshold.relative = percent / 100
            }
            for key in ["max", "min"] {
                guard let node = fields[key] else { continue }
                let text = try reader.string(node, "\(itemPath).\(key)")
                guard let value = Quantity.size(text).map(Double.init) ?? Quantity.count(text).map(Double.init) ?? Double(text),
                      value.isFinite else {
                    throw reader.error(node, "\(itemPath).\(key)", "expected a number, size (64MiB) or count (100k), got '\(text)'")
                }
                if key == "max" { threshold.max = value } else { threshold.min = value }
            }
            if let max = threshold.max, let min = threshold.min, min > max {
                throw reader.error(value, itemPath, "min (\(NumberText.plain(min))) is above max (\(NumberText.plain(max))): no median can pass")
            }
            thresholds[metric] = threshold
        }
        return thresholds
    }

    /// A metric name such as `checkpoint.memory.after_expel` or a prefix pattern such as `checkpoint.memory.*`.
    static func metricPattern(_ node: Node, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> String {
        guard let metric = node.string, !metric.isEmpty, metric.allSatisfy({ $0.isLowercase || $0.isNumber || "._*".contains($0) }),
              !metric.dropLast().contains("*") else {
            throw reader.error(node, path, "a metric name such as checkpoint.memory.after_expel or a prefix pattern such as checkpoint.memory.*")
        }
        return metric
    }

    /// The `gate:` or `advisory:` list: metric names or prefix patterns.
    static func parsePatterns(_ node: Node, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> [String] {
        let list = try reader.sequence(node, path)
        var patterns: [String] = []
        for (index, element) in list.enumerated() { patterns.append(try metricPattern(element, "\(path)[\(index)]", reader)) }
        return patterns
    }
}
