import Results

/// `timeseries.csv` in long format: `repetition,t_seconds,phase,metric,value`, warm-ups included
/// (the repetition column says which is which through run.json).
public struct TimeseriesCSV: ReportExporter {
    public init() {}

    public var fileName: String { "timeseries.csv" }

    public func render(_ run: RunResult) -> String {
        let values = run.repetitions.reduce(0) { $0 + $1.timeseries.count * $1.timeseries.metrics.count }
        var csv = CSVWriter(reservingCapacity: 64 * values)
        csv.row(["repetition", "t_seconds", "phase", "metric", "value"])
        for repetition in run.repetitions where repetition.status == .ok {
            let series = repetition.timeseries
            let phaseNames = repetition.phases.filter { $0.path == nil }.map(\.label)
            let quotedMetrics = series.metrics.map { CSVWriter.quote($0) + "," }
            for sample in 0..<series.count {
                let phaseIndex = series.phase[sample]
                let phase = phaseNames.indices.contains(phaseIndex) ? phaseNames[phaseIndex] : ""
                // The first three fields are the same for every metric of a sample.
                let prefix = [String(repetition.index), CSVWriter.number(series.t[sample]), phase].map(CSVWriter.quote).joined(separator: ",") + ","
                for m in quotedMetrics.indices {
                    csv.row(quoted: prefix, quotedMetrics[m], last: CSVWriter.number(series.values[m][sample]))
                }
            }
        }
        return csv.text
    }
}
