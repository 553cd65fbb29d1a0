/// Which way a metric should move. Decides what "regressed" means when comparing.
public enum Direction: String, Codable, Sendable, CaseIterable {
    case lowerIsBetter = "lower"
    case higherIsBetter = "higher"
    /// Neither way is better in general (how much expel freed depends on how much was held): a
    /// change is reported, never called a regression. Spelled `none` in files.
    case neither = "none"
}

/// One measured figure of one repetition. Names are dotted and lower-case
/// (`checkpoint.memory.after_expel`); the unit is spelled out (`bytes`, `items`, `ops/s`, `seconds`).
/// Producers make them from a catalog definition (`MetricDefinition.value`), never by hand.
public struct MetricValue: Codable, Sendable, Equatable {
    public var name: String
    public var unit: String
    public var direction: Direction
    public var value: Double

    public init(name: String, unit: String, direction: Direction, value: Double) {
        self.name = name
        self.unit = unit
        self.direction = direction
        self.value = value
    }
}
