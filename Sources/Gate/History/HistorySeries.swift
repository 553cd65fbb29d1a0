import Results

/// One metric of one workload over the commits of a history, on one class of machine (series
/// never mix hosts, allocators or quick runs: their figures are not comparable).
public struct HistorySeries: Sendable {
    public var workload: String
    public var metric: String
    public var unit: String
    public var direction: Direction
    /// `HostRecord.fingerprint`.
    public var host: String
    public var quick: Bool
    /// A sweep's matrix point; nil for a plain workload.
    public var point: String?
    /// The workload's relative threshold for the metric (its latest result's).
    public var threshold: Double?
    /// The commits with results, oldest first.
    public var points: [HistoryPoint]

    /// Identifies the series in pages and in `bisect`.
    public var label: String {
        "\(workload) \(metric)" + (point.map { " [\($0)]" } ?? "") + (quick ? " (quick)" : "")
    }
}

/// One commit's figure in a series.
public struct HistoryPoint: Sendable {
    /// Position of the commit in the history's commit sequence.
    public var position: Int
    /// Index of its result set in `History.sets`: its directory (where the report is) and its
    /// workload file's hash (a change of level where it changed may be the workload's doing).
    public var set: Int
    public var median: Double
    public var min: Double
    public var max: Double
    /// Every measured repetition's value.
    public var values: [Double]
}
