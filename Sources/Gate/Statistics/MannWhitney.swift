import Foundation

/// The two-sided Mann–Whitney U test. Samples up to `exactLimit` each get the exact permutation
/// distribution of the rank sum, ties included (midranks; the p-value conditional on the ties
/// observed); larger ones the normal approximation with tie and continuity correction, as SciPy's
/// `mannwhitneyu`. SciPy falls back to the approximation whenever there are ties, which for the
/// gate's sample sizes overstates p: seven against seven, fully separated, with one tie inside a
/// side, gives 0.002 by the approximation and 0.0006 exactly — the difference between a memory
/// figure that repeats to within a few bytes reaching Holm's first level or never reaching it.
public enum MannWhitney {
    public struct Result: Sendable, Equatable {
        /// U of the first sample.
        public var u: Double
        public var pValue: Double
        public var exact: Bool
    }

    /// Samples up to this size (both) use the exact permutation distribution.
    public static let exactLimit = 20

    public static func test(_ first: [Double], _ second: [Double]) -> Result? {
        let n1 = first.count, n2 = second.count
        guard n1 > 0, n2 > 0 else { return nil }
        let pooled = (first.map { ($0, 0) } + second.map { ($0, 1) }).sorted { $0.0 < $1.0 }
        // Ranks doubled, so that midranks of ties stay integers.
        var doubledRanks = [Int](repeating: 0, count: pooled.count)
        var tieTerm = 0.0
        var index = 0
        while index < pooled.count {
            var end = index
            while end + 1 < pooled.count && pooled[end + 1].0 == pooled[index].0 { end += 1 }
            for position in index...end { doubledRanks[position] = index + end + 2 }
            let t = Double(end - index + 1)
            tieTerm += t * t * t - t
            index = end + 1
        }
        let doubledRankSum = zip(pooled, doubledRanks).reduce(0) { $0 + ($1.0.1 == 0 ? $1.1 : 0) }
        let u1 = Double(doubledRankSum) / 2 - Double(n1 * (n1 + 1)) / 2
        if n1 <= exactLimit && n2 <= exactLimit {
            return Result(u: u1, pValue: exactPValue(doubledRankSum, doubledRanks: doubledRanks, n1: n1), exact: true)
        }
        let n = Double(n1 + n2)
        let mean = Double(n1 * n2) / 2
        let variance = Double(n1 * n2) / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else { return Result(u: u1, pValue: 1, exact: false) }
        let z = (abs(u1 - mean) - 0.5) / variance.squareRoot()
        return Result(u: u1, pValue: min(1, erfc(max(z, 0) / 2.0.squareRoot())), exact: false)
    }

    /// The share of the C(N, n1) ways to choose the first sample's ranks whose rank sum lies at
    /// least as far from its mean as the observed one.
    static func exactPValue(_ observed: Int, doubledRanks: [Int], n1: Int) -> Double {
        let total = doubledRanks.reduce(0, +)
        // counts[k][s]: subsets of k ranks (doubled) summing to s.
        var counts = [[Double]](repeating: [Double](repeating: 0, count: total + 1), count: n1 + 1)
        counts[0][0] = 1
        for (index, rank) in doubledRanks.enumerated() {
            for k in stride(from: min(index + 1, n1), through: 1, by: -1) {
                for sum in stride(from: total - rank, through: 0, by: -1) where counts[k - 1][sum] != 0 {
                    counts[k][sum + rank] += counts[k - 1][sum]
                }
            }
        }
        // Distances from the mean n1 × total / N, multiplied by N to stay whole.
        let distance = abs(observed * doubledRanks.count - n1 * total)
        var extreme = 0.0, all = 0.0
        for (sum, count) in counts[n1].enumerated() where count != 0 {
            all += count
            if abs(sum * doubledRanks.count - n1 * total) >= distance { extreme += count }
        }
        return min(1, extreme / all)
    }
}
