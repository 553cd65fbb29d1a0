import Foundation
import Results
import Workload

/// The few figures of a finished workload worth a glance in the terminal, and its notes.
enum Headline {
    static let metrics = [Metrics.checkpointMemoryAt.name("before_expel"), Metrics.checkpointMemoryAt.name("after_expel"),
                          Metrics.itemsExpelled.pattern, Metrics.engineFreedByExpel.pattern, Metrics.allocatorFreedByExpel.pattern,
                          Metrics.operationThroughput.name("set")]

    static func lines(_ run: RunResult) -> [String] {
        let rows = SummaryRow.rows(for: run).filter { metrics.contains($0.metric) }
        var lines = rows.map { row in
            let value = row.unit == MetricUnit.bytes.rawValue ? Quantity.formatSize(row.statistics.median)
                : String(format: "%.0f %@", row.statistics.median, row.unit)
            return "\(row.metric): \(value) (median of \(row.statistics.count))"
        }
        lines += Set(run.repetitions.flatMap(\.unavailable)).sorted().map { "note: \($0)" }
        return lines
    }
}
