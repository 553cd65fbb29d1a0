import Results

/// `phases.csv`: every phase of every completed repetition with its timing and throughput.
public struct PhasesCSV: ReportExporter {
    public init() {}

    public var fileName: String { "phases.csv" }

    public func render(_ run: RunResult) -> String {
        var csv = CSVWriter()
        csv.row(["repetition", "phase", "kind", "start_seconds", "end_seconds", "duration_seconds", "ops", "ops_per_second"])
        for repetition in run.repetitions where repetition.status == .ok {
            for phase in repetition.phases {
                let duration = phase.end - phase.start
                csv.row([String(repetition.index), phase.path ?? String(phase.index), phase.kind, CSVWriter.number(phase.start),
                         CSVWriter.number(phase.end), CSVWriter.number(duration), String(phase.ops),
                         CSVWriter.number(duration > 0 ? Double(phase.ops) / duration : 0)])
            }
        }
        return csv.text
    }
}
