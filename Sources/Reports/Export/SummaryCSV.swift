import Results

/// `summary.csv`: one row per workload × metric over the measured repetitions.
public struct SummaryCSV: ReportExporter {
    /// The documented columns, then the allocator that served the repetitions (so files from runs
    /// under different allocators say which is which) and the metric's kind in the catalog.
    public static let header = ["workload", "metric", "unit", "direction", "repetitions", "median", "mean", "stddev", "min", "max", "cv",
                                "allocator", "kind"]

    public init() {}

    public var fileName: String { "summary.csv" }

    public func render(_ run: RunResult) -> String {
        var csv = CSVWriter()
        csv.row(Self.header)
        for row in SummaryRow.rows(for: run) {
            let s = row.statistics
            csv.row([row.workload, row.metric, row.unit, row.direction.rawValue, String(s.count)]
                + [s.median, s.mean, s.stddev, s.min, s.max, s.cv].map(CSVWriter.number)
                + [run.metadata.allocator.kind, row.definition?.kind.rawValue ?? ""])
        }
        return csv.text
    }
}
