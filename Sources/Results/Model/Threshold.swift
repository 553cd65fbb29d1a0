/// How much a metric may move before a comparison calls it a regression. Relative limits are
/// fractions (`maxIncrease: 0.05` = 5%), absolute ones are in the metric's unit; which way is
/// worse comes from the metric's direction. Declared per metric name or pattern
/// (`checkpoint.memory.*`) in a workload's `thresholds` block or a thresholds file.
public struct Threshold: Codable, Sendable, Equatable {
    /// Largest tolerated relative change in the worse direction (an increase for lower-is-better).
    public var relative: Double?
    /// Absolute limit on the candidate's median: an upper bound for lower-is-better metrics, a
    /// lower bound for higher-is-better ones.
    public var absolute: Double?

    public init(relative: Double? = nil, absolute: Double? = nil) {
        self.relative = relative
        self.absolute = absolute
    }

    /// Defaults by the catalog's kind of metric, used when nothing is declared: bytes (engine
    /// or allocator) and times 2%, counts, rates and ratios 5%. A metric the catalog does not know
    /// (from a newer kvbench) gets 5%.
    public static func defaultFor(_ definition: MetricDefinition?) -> Threshold {
        switch definition?.kind {
        case .bytesEngine?, .bytesAllocator?, .time?: Threshold(relative: 0.02)
        default: Threshold(relative: 0.05)
        }
    }

    /// The threshold for `metric`: an exact name first, then the longest matching pattern
    /// (`prefix.*`), then the default for its kind.
    public static func resolve(_ metric: String, in declared: [String: Threshold]) -> Threshold {
        if let exact = declared[metric] { return exact }
        let patterns = declared.keys.filter { $0.hasSuffix("*") && metric.hasPrefix(String($0.dropLast())) }
        if let longest = patterns.max(by: { $0.count < $1.count }) { return declared[longest]! }
        return defaultFor(MetricCatalog.definition(of: metric))
    }
}
