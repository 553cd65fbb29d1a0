/// OpenMetrics text format (openmetrics.io, the Prometheus exposition format's standard): one
/// gauge family per unit (`kvbench_bytes`, `kvbench_seconds`, `kvbench_operations_per_second`,
/// … with `# UNIT` where the unit is physical), each sample a statistic of one metric of one
/// result set, labelled by workload, metric, statistic and where it was measured; `# EOF` last.
/// A family is written whole before the next, as the format requires.
public struct OpenMetricsText: InterchangeFormat {
    public init() {}

    /// The statistics each metric exports, in order.
    static func statistics(_ row: ExportRow) -> [(String, Double)] {
        [("median", row.median), ("lower", row.lower), ("upper", row.upper), ("min", row.min), ("max", row.max), ("mean", row.mean),
         ("stddev", row.stddev)]
    }

    public func render(_ rows: [ExportRow]) -> String {
        var text = ""
        for (unit, members) in Dictionary(grouping: rows, by: \.unit).sorted(by: { $0.key < $1.key }) {
            let (suffix, physical) = Self.unitName(unit)
            let family = "kvbench_" + suffix
            text += "# TYPE \(family) gauge\n"
            if physical { text += "# UNIT \(family) \(suffix)\n" }
            text += "# HELP \(family) kvbench figures in \(Self.escape(unit)): each metric's median, its 95% interval and spread over the repetitions\n"
            for row in members {
                let labels = [("workload", row.workload), ("metric", row.metric), ("commit", row.commit), ("branch", row.branch),
                              ("host", row.host), ("allocator", row.allocator)]
                    .map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
                for (statistic, value) in Self.statistics(row) {
                    text += "\(family){\(labels),statistic=\"\(statistic)\"} \(Self.number(value))\n"
                }
            }
        }
        return text + "# EOF\n"
    }

    /// The family's name suffix for a unit, and whether it is a physical unit (then declared
    /// with `# UNIT`, which must be the name's suffix).
    static func unitName(_ unit: String) -> (String, Bool) {
        switch unit {
        case "bytes", "seconds": (unit, true)
        case "us": ("microseconds", true)
        case "ns": ("nanoseconds", true)
        case "ops/s": ("operations_per_second", true)
        case "items/s": ("items_per_second", true)
        case "bytes/s": ("bytes_per_second", true)
        default:
            (String(unit.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" }), false)
        }
    }

    /// Label values and help text: backslash, double quote and line feed escaped.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ value: Double) -> String {
        value.isNaN ? "NaN" : value.isInfinite ? (value > 0 ? "+Inf" : "-Inf") : InterchangeFormats.number(value)
    }
}
