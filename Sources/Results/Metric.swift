/// Which way a metric should move. Decides what "regressed" means when comparing.
public enum Direction: String, Codable, Sendable {
    case lowerIsBetter = "lower"
    case higherIsBetter = "higher"
}

/// One measured figure of one repetition. Names are dotted and lower-case
/// (`checkpoint.memory.after_expel`); the unit is spelled out (`bytes`, `items`, `ops/s`, `seconds`).
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

    public static func bytes(_ name: String, _ value: Double, _ direction: Direction = .lowerIsBetter) -> MetricValue {
        MetricValue(name: name, unit: "bytes", direction: direction, value: value)
    }
}
