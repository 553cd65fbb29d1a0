/// Descriptive statistics of one metric over repetitions.
public struct Statistics: Sendable, Equatable {
    public var count: Int
    public var median: Double
    public var mean: Double
    /// Sample standard deviation (n − 1); 0 for a single value.
    public var stddev: Double
    public var min: Double
    public var max: Double
    /// Coefficient of variation, stddev / |mean|; 0 when the mean is 0.
    public var cv: Double

    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        count = sorted.count
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        mean = sorted.reduce(0, +) / Double(sorted.count)
        let meanValue = mean
        let squares = sorted.reduce(0) { $0 + ($1 - meanValue) * ($1 - meanValue) }
        stddev = sorted.count > 1 ? (squares / Double(sorted.count - 1)).squareRoot() : 0
        min = sorted[0]
        max = sorted[sorted.count - 1]
        cv = mean == 0 ? 0 : stddev / Swift.abs(mean)
    }
}
