import Foundation
import Results

/// One metric of one result set, as every interchange format exports it: the summary over the
/// measured repetitions, the median's distribution-free 95% interval (`MedianInterval`, which is
/// the whole range for five or fewer repetitions, its coverage stated) and where it was measured.
/// Metrics without a finite median are left out: none of the formats can carry them.
public struct ExportRow: Sendable, Equatable {
    public var workload: String
    public var metric: String
    public var unit: String
    public var direction: Direction
    public var repetitions: Int
    public var median: Double
    public var mean: Double
    public var stddev: Double
    public var min: Double
    public var max: Double
    public var lower: Double
    public var upper: Double
    /// The interval's coverage (0.95 or more with six or more repetitions).
    public var coverage: Double
    public var commit: String
    public var dirty: Bool
    public var branch: String
    /// ISO 8601, UTC.
    public var timestamp: String
    /// `HostRecord.fingerprint`.
    public var host: String
    public var hostname: String
    public var machine: String
    public var allocator: String

    /// `<workload>/<metric>`: the benchmark's name where a format has one name per figure.
    public var benchmark: String { workload + "/" + metric }

    /// The rows of every workload of `set`, by workload then in the summary's order.
    public static func rows(_ set: ResultSet) -> [ExportRow] {
        set.runs.keys.sorted().flatMap { rows(set.runs[$0]!) }
    }

    public static func rows(_ run: RunResult) -> [ExportRow] {
        let meta = run.metadata
        return SummaryRow.rows(for: run).compactMap { row in
            let statistics = row.statistics
            guard statistics.median.isFinite, let interval = MedianInterval(run.measured.compactMap { $0.metric(row.metric)?.value }) else {
                return nil
            }
            return ExportRow(workload: run.workload.name, metric: row.metric, unit: row.unit, direction: row.direction, repetitions: statistics.count,
                             median: statistics.median, mean: statistics.mean, stddev: statistics.stddev, min: statistics.min, max: statistics.max,
                             lower: interval.lower, upper: interval.upper, coverage: interval.coverage, commit: meta.commit, dirty: meta.dirty,
                             branch: meta.branch, timestamp: meta.timestamp, host: meta.host.fingerprint, hostname: meta.host.hostname,
                             machine: meta.host.machine, allocator: meta.allocator.kind)
        }
    }

    /// The timestamp in nanoseconds since the epoch (0 when it cannot be read).
    public var nanoseconds: Int64 {
        guard let date = ISO8601DateFormatter().date(from: timestamp) else { return 0 }
        return Int64((date.timeIntervalSince1970 * 1_000_000_000).rounded())
    }
}

/// One interchange format of results (one file per format behind this protocol, as for reports
/// and comparisons). Pure; any thread.
public protocol InterchangeFormat: Sendable {
    /// The text of the export; `rows` are those of every result set exported.
    func render(_ rows: [ExportRow]) -> String
}

public enum InterchangeFormats {
    public static let names = ["bmf", "gab", "influx", "openmetrics", "json"]

    /// The format called `name`; github-action-benchmark's (`gab`) takes one direction per file,
    /// as each of its tools (`customBiggerIsBetter`, `customSmallerIsBetter`) reads one array.
    public static func named(_ name: String, direction: Direction?) -> (any InterchangeFormat)? {
        switch name {
        case "bmf": BencherMetricFormat()
        case "gab": direction.flatMap { $0 == .neither ? nil : GitHubActionBenchmark(direction: $0) }
        case "influx": InfluxLineProtocol()
        case "openmetrics": OpenMetricsText()
        case "json": JSONExport()
        default: nil
        }
    }

    /// Shortest text that reads back as the same double (`1e-09`, `41943040.0`): valid in JSON,
    /// InfluxDB's line protocol and OpenMetrics alike, and exact.
    static func number(_ value: Double) -> String { value.description }
}
