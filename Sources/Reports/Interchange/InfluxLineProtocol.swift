/// InfluxDB line protocol (docs.influxdata.com, "Line protocol"): one point per metric of each
/// result set in measurement `kvbench`, tagged with what identifies the series (workload, metric,
/// unit, direction, branch, host, allocator) and the commit, with the statistics as float fields,
/// the repetitions as an integer field and the run's time in nanoseconds. Tags are sorted by key,
/// as InfluxDB prefers; an empty tag value is left out (the protocol has none).
public struct InfluxLineProtocol: InterchangeFormat {
    public init() {}

    public func render(_ rows: [ExportRow]) -> String {
        var text = ""
        for row in rows {
            let tags = [("allocator", row.allocator), ("branch", row.branch), ("commit", row.commit), ("direction", row.direction.rawValue),
                        ("host", row.host), ("metric", row.metric), ("unit", row.unit), ("workload", row.workload)]
                .filter { !$0.1.isEmpty }.map { ",\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined()
            let fields = [("lower", row.lower), ("max", row.max), ("mean", row.mean), ("median", row.median), ("min", row.min),
                          ("stddev", row.stddev), ("upper", row.upper)]
                .filter { $0.1.isFinite }.map { "\($0.0)=\(InterchangeFormats.number($0.1))" }
            text += "kvbench\(tags) \((fields + ["repetitions=\(row.repetitions)i"]).joined(separator: ",")) \(row.nanoseconds)\n"
        }
        return text
    }

    /// Tag keys and values: commas, equals signs and spaces take a backslash; a line break
    /// cannot be escaped and becomes a space (escaped as well).
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case ",", "=", " ": out += "\\" + String(character)
            case "\n", "\r": out += "\\ "
            default: out.append(character)
            }
        }
        return out
    }
}
