import Foundation

/// The two-sided Mann–Whitney U test: exact for small samples without ties (the null
/// distribution counted by recursion), otherwise the normal approximation with tie correction and
/// continuity correction — the same choices as SciPy's `mannwhitneyu(method="auto")`.
public enum MannWhitney {
    public struct Result: Sendable, Equatable {
        /// U of the first sample.
        public var u: Double
        public var pValue: Double
        public var exact: Bool
    }

    /// Samples up to this size (both) without ties use the exact distribution.
    public static let exactLimit = 20

    public static func test(_ first: [Double], _ second: [Double]) -> Result? {
        let n1 = first.count, n2 = second.count
        guard n1 > 0, n2 > 0 else { return nil }
        let pooled = (first.map { ($0, 0) } + second.map { ($0, 1) }).sorted { $0.0 < $1.0 }
        var ranks = [Double](repeating: 0, count: pooled.count)
        var tieTerm = 0.0
        var index = 0
        while index < pooled.count {
            var end = index
            while end + 1 < pooled.count && pooled[end + 1].0 == pooled[index].0 { end += 1 }
            let rank = Double(index + end + 2) / 2
            for position in index...end { ranks[position] = rank }
            let t = Double(end - index + 1)
            tieTerm += t * t * t - t
            index = end + 1
        }
        let rankSum = zip(pooled, ranks).reduce(0.0) { $0 + ($1.0.1 == 0 ? $1.1 : 0) }
        let u1 = rankSum - Double(n1 * (n1 + 1)) / 2
        if tieTerm == 0 && n1 <= exactLimit && n2 <= exactLimit {
            return Result(u: u1, pValue: exactPValue(u: u1, n1: n1, n2: n2), exact: true)
        }
        let n = Double(n1 + n2)
        let mean = Double(n1 * n2) / 2
        let variance = Double(n1 * n2) / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else { return Result(u: u1, pValue: 1, exact: false) }
        let z = (abs(u1 - mean) - 0.5) / variance.squareRoot()
        return Result(u: u1, pValue: min(1, erfc(max(z, 0) / 2.0.squareRoot())), exact: false)
    }

    /// 2 × min(P(U ≤ u), P(U ≥ u)) under the null, counting arrangements.
    static func exactPValue(u: Double, n1: Int, n2: Int) -> Double {
        let counts = distribution(n1: n1, n2: n2)
        let total = counts.reduce(0, +)
        let observed = Int(u.rounded())
        let lower = counts[0...min(observed, counts.count - 1)].reduce(0, +)
        let upper = counts[max(0, observed)...].reduce(0, +)
        return min(1, 2 * min(lower, upper) / total)
    }

    /// counts[u] = number of orderings of n1 + n2 items giving U = u (Mann & Whitney's recursion).
    static func distribution(n1: Int, n2: Int) -> [Double] {
        let maxU = n1 * n2
        // table[a][b] is the distribution for sample sizes (a, b), built up from smaller sizes.
        var table = [[[Double]]](repeating: [[Double]](repeating: [], count: n2 + 1), count: n1 + 1)
        for a in 0...n1 {
            for b in 0...n2 {
                if a == 0 || b == 0 {
                    table[a][b] = [1]
                    continue
                }
                var counts = [Double](repeating: 0, count: a * b + 1)
                for (u, count) in table[a - 1][b].enumerated() where u + b <= a * b { counts[u + b] += count }
                for (u, count) in table[a][b - 1].enumerated() { counts[u] += count }
                table[a][b] = counts
            }
        }
        return table[n1][n2].count == maxU + 1 ? table[n1][n2] : [1]
    }
}
