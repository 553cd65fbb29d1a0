import Results

/// `latency.csv`: per repetition, phase and operation — count and percentiles in microseconds.
public struct LatencyCSV: ReportExporter {
    public init() {}

    public var fileName: String { "latency.csv" }

    public func render(_ run: RunResult) -> String {
        var csv = CSVWriter()
        csv.row(["repetition", "phase", "operation", "count", "p50_us", "p90_us", "p99_us", "p99.9_us", "max_us"])
        for repetition in run.repetitions where repetition.status == .ok {
            for latency in repetition.latencies ?? [] {
                csv.row([String(repetition.index), latency.phase, latency.operation, String(latency.count)]
                    + [latency.p50, latency.p90, latency.p99, latency.p999, latency.max].map(CSVWriter.number))
            }
        }
        return csv.text
    }
}
