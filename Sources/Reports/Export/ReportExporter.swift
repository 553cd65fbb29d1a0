import Results

/// One output format of a run (hyperfine's `export/` layout: one file per format behind this
/// protocol). Exporters only read a `RunResult`; they never run anything. Pure and thread-safe.
public protocol ReportExporter: Sendable {
    /// The file written next to `run.json`.
    var fileName: String { get }
    func render(_ run: RunResult) -> String
}

public enum ReportExporters {
    /// Everything `kvbench run` writes for each workload.
    public static let run: [any ReportExporter] = [SummaryCSV(), TimeseriesCSV(), LatencyCSV(), PhasesCSV(), HTMLReport()]
}
