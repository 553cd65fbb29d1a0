/// What a comparison tolerates for one metric: a relative limit on the change of the median in the
/// worse direction, and budgets on the candidate's median alone. Declared per metric name or
/// pattern (`checkpoint.memory.*`) in a workload's `thresholds` block or a thresholds file.
public struct Threshold: Codable, Sendable, Equatable {
    /// Largest tolerated relative change in the worse direction (an increase for lower-is-better,
    /// either way for a metric without a direction).
    public var relative: Double?
    /// Budgets in the metric's unit: the candidate's median must stay at or below `max` and at or
    /// above `min`, whatever the base did and however noisy it is.
    public var max: Double?
    public var min: Double?

    public init(relative: Double? = nil, max: Double? = nil, min: Double? = nil) {
        self.relative = relative
        self.max = max
        self.min = min
    }

    private enum CodingKeys: String, CodingKey { case relative, max, min, absolute }

    /// Results of schema 1.2 and older wrote one `absolute` limit whose side followed the
    /// metric's direction; it is read back as `legacyAbsolute` and applied that way.
    public private(set) var legacyAbsolute: Double?

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        relative = try container.decodeIfPresent(Double.self, forKey: .relative)
        max = try container.decodeIfPresent(Double.self, forKey: .max)
        min = try container.decodeIfPresent(Double.self, forKey: .min)
        legacyAbsolute = try container.decodeIfPresent(Double.self, forKey: .absolute)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(relative, forKey: .relative)
        try container.encodeIfPresent(max, forKey: .max)
        try container.encodeIfPresent(min, forKey: .min)
        try container.encodeIfPresent(legacyAbsolute, forKey: .absolute)
    }

    /// The budgets in force for a metric of `direction`: `max`/`min`, and a legacy absolute limit
    /// as a ceiling for lower-is-better metrics and a floor for higher-is-better ones.
    public func budgets(for direction: Direction) -> (max: Double?, min: Double?) {
        guard let legacyAbsolute else { return (max, min) }
        return direction == .higherIsBetter ? (max, min ?? legacyAbsolute) : (max ?? legacyAbsolute, min)
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
    /// (`prefix.*`); a declaration without a relative limit keeps the default one beside its
    /// budgets.
    public static func resolve(_ metric: String, in declared: [String: Threshold]) -> Threshold {
        resolve(metric, in: declared, definition: MetricCatalog.definition(of: metric))
    }

    /// The same, for a caller that already looked up the metric's definition (the catalog's
    /// pattern matching is the costly part of indexing a result set).
    public static func resolve(_ metric: String, in declared: [String: Threshold], definition: MetricDefinition?) -> Threshold {
        var threshold = declared[metric] ?? matchingPattern(metric, in: declared).map { declared[$0]! } ?? Threshold()
        if threshold.relative == nil { threshold.relative = defaultFor(definition).relative }
        return threshold
    }

    /// The longest `prefix.*` pattern among `patterns` that `metric` matches.
    public static func matchingPattern<Patterns: Sequence<String>>(_ metric: String, in patterns: Patterns) -> String? {
        patterns.filter { $0 == metric || ($0.hasSuffix("*") && metric.hasPrefix(String($0.dropLast()))) }
            .max { $0.count < $1.count }
    }

    private static func matchingPattern(_ metric: String, in declared: [String: Threshold]) -> String? {
        matchingPattern(metric, in: declared.keys)
    }
}
