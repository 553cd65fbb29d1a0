/// One row of `summary.csv`: a metric's statistics over the measured repetitions.
public struct SummaryRow: Sendable, Equatable {
    public var workload: String
    public var metric: String
    public var unit: String
    public var direction: Direction
    public var statistics: Statistics

    /// Rows for every metric any measured repetition reported, in first-seen order.
    public static func rows(for run: RunResult) -> [SummaryRow] {
        var order: [String] = []
        var values: [String: [Double]] = [:]
        var prototypes: [String: MetricValue] = [:]
        for repetition in run.measured {
            for metric in repetition.metrics {
                if prototypes[metric.name] == nil {
                    order.append(metric.name)
                    prototypes[metric.name] = metric
                }
                values[metric.name, default: []].append(metric.value)
            }
        }
        return order.compactMap { name in
            guard let prototype = prototypes[name], let statistics = Statistics(values[name] ?? []) else { return nil }
            return SummaryRow(workload: run.workload.name, metric: name, unit: prototype.unit,
                              direction: prototype.direction, statistics: statistics)
        }
    }
}
