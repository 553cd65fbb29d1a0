/// One row of `summary.csv`: a metric's statistics over the measured repetitions. Unit and
/// direction come from the metric catalog when it knows the name (so results written before a
/// direction was corrected read with today's), else from the stored values.
public struct SummaryRow: Sendable, Equatable {
    public var workload: String
    public var metric: String
    public var unit: String
    public var direction: Direction
    /// The catalog's definition; nil for a name this kvbench does not produce.
    public var definition: MetricDefinition?
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
            let definition = MetricCatalog.definition(of: name)
            return SummaryRow(workload: run.workload.name, metric: name, unit: definition?.unit.rawValue ?? prototype.unit,
                              direction: definition?.direction ?? prototype.direction, definition: definition, statistics: statistics)
        }
    }

    /// Medians by metric name: what the reports' headline figures and charts read.
    public static func medians(for run: RunResult) -> [String: Double] {
        Dictionary(rows(for: run).map { ($0.metric, $0.statistics.median) }, uniquingKeysWith: { first, _ in first })
    }
}
