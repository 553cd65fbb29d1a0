import Foundation

/// kvbench's own export: `{"kvbench_export": 1, "results": [...]}`, one object per metric of each
/// result set with every field of `ExportRow` (results/README.md lists them). Flat, so that a
/// notebook or a spreadsheet reads it without knowing run.json.
public struct JSONExport: InterchangeFormat {
    public static let version = 1

    public init() {}

    public func render(_ rows: [ExportRow]) -> String {
        let objects = rows.map { row in
            let texts = [("workload", row.workload), ("metric", row.metric), ("unit", row.unit), ("direction", row.direction.rawValue),
                         ("commit", row.commit), ("branch", row.branch), ("timestamp", row.timestamp), ("host", row.host),
                         ("hostname", row.hostname), ("machine", row.machine), ("allocator", row.allocator)]
                .map { "\(JSONText.string($0.0)): \(JSONText.string($0.1))" }
            let numbers = [("median", row.median), ("mean", row.mean), ("stddev", row.stddev), ("min", row.min), ("max", row.max),
                           ("lower", row.lower), ("upper", row.upper), ("coverage", row.coverage)]
                .map { "\(JSONText.string($0.0)): \($0.1.isFinite ? InterchangeFormats.number($0.1) : "null")" }
            return "    {" + (texts + ["\"dirty\": \(row.dirty)", "\"repetitions\": \(row.repetitions)"] + numbers).joined(separator: ", ") + "}"
        }
        return "{\n  \"kvbench_export\": \(Self.version),\n  \"results\": [\n" + objects.joined(separator: ",\n") + "\n  ]\n}\n"
    }
}
