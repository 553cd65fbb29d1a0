import Foundation

/// A distribution-free confidence interval of the median: the pair of order statistics
/// `x(k) … x(n−k+1)` whose coverage, from the binomial distribution of how many values fall
/// below the true median, is the smallest one at or above the confidence asked for. It assumes
/// nothing about the shape of the values (repetitions of a benchmark are rarely normal) and is
/// the same every time for the same values (a bootstrap would need a seed). With five or fewer
/// values no pair reaches 95% and the interval is the whole range, its coverage stated.
public struct MedianInterval: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    /// The probability that the interval holds the true median (exact, for continuous values).
    public var coverage: Double

    public init?(_ values: [Double], confidence: Double = 0.95) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let n = sorted.count
        var rank = 1
        var coverage = Self.coverage(n: n, rank: 1)
        // Moving the ends inwards lowers the coverage; keep the last pair that still reaches it.
        while rank < (n + 1) / 2, Self.coverage(n: n, rank: rank + 1) >= confidence {
            rank += 1
            coverage = Self.coverage(n: n, rank: rank)
        }
        lower = sorted[rank - 1]
        upper = sorted[n - rank]
        self.coverage = coverage
    }

    /// 1 − 2 P(B ≤ rank − 1) for B ~ Binomial(n, ½): the chance the median lies between the
    /// rank-th smallest and the rank-th largest value.
    static func coverage(n: Int, rank: Int) -> Double {
        var tail = 0.0
        for below in 0..<rank {
            tail += exp(lgamma(Double(n + 1)) - lgamma(Double(below + 1)) - lgamma(Double(n - below + 1)) - Double(n) * log(2.0))
        }
        return max(0, 1 - 2 * tail)
    }
}
