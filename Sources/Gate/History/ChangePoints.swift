import Foundation

/// Where a series of per-commit figures changes level: PELT (Killick, Fearnhead & Eckley 2012)
/// over a piecewise-constant Gaussian model, then each change refined into a step or a ramp.
///
/// Why PELT: it finds the segmentation with the lowest penalized cost exactly, in time linear in
/// the number of commits for series with changes (its pruning drops split points that can no
/// longer win), so every metric of every commit of a branch is analysed in milliseconds; an
/// E-divisive search (MongoDB's CI) is quadratic per split and needs permutation tests for its
/// significance. The penalty, 4 σ² ln n, is stricter than BIC's 2 σ² ln n so that a history of
/// hundreds of metrics shows no change on pure noise; σ is estimated robustly from the
/// differences of neighbouring commits (a step or drift moves few of them).
///
/// A piecewise-constant model approximates a sustained drift by one or more short steps, so each
/// change (a run of changes in one direction, closer than `rampSpan` commits) is refitted as
/// flat – linear ramp – flat; the ramp is kept when it fits better than the steps it replaces
/// (with one level fewer, by a quarter of the penalty) or, for a single change, better by half the
/// penalty than the best step. `ChangePointTests` holds the evidence on synthetic histories.
public enum ChangePoints {
    /// One change of level, in positions of the series.
    public struct Change: Sendable, Equatable {
        /// The first position at the new level's side: for a step, the first position at the new
        /// level; for a ramp, the first position that moved.
        public var start: Int
        /// The first position fully at the new level (`start` for a step).
        public var end: Int
        /// Positions `start..<end` lie on the way from one level to the other.
        public var isRamp: Bool { end > start }
    }

    /// The penalty per change is `penaltyFactor` σ² ln n.
    public static let penaltyFactor = 4.0
    /// Changes in one direction closer than this (in positions) may be one ramp.
    public static let rampSpan = 12
    /// How far a refit may move a change's ends, in positions.
    static let refitReach = 4
    /// How many positions each side of a change the refit looks at.
    static let refitWindow = 30

    /// The changes of `values` (per-commit figures in order), given the noise σ of one value.
    public static func detect(_ values: [Double], sigma: Double) -> [Change] {
        let n = values.count
        guard n > 1, sigma > 0 else { return [] }
        let penalty = penaltyFactor * sigma * sigma * log(Double(n))
        let splits = segment(values, penalty: penalty)
        var changes: [Change] = []
        var index = 0
        while index < splits.count {
            let run = sameDirectionRun(values, splits: splits, from: index)
            let group = Array(splits[index...run])
            let low = max(index == 0 ? 0 : splits[index - 1], group[0] - refitWindow)
            let high = min(run + 1 < splits.count ? splits[run + 1] : n, group[group.count - 1] + refitWindow)
            let fit = RampFit(values, low: low, high: high)
            let ramp = fit.bestRamp(near: group[0], through: group[group.count - 1], reach: refitReach)
            if group.count > 1, let ramp, ramp.cost <= fit.piecewiseCost(group) + penalty / 4 {
                changes.append(Change(start: ramp.start, end: ramp.end))
                index = run + 1
            } else if group.count == 1, let ramp, fit.bestStep(near: group[0], reach: refitReach).cost - ramp.cost > penalty / 2 {
                changes.append(Change(start: ramp.start, end: ramp.end))
                index += 1
            } else {
                changes.append(Change(start: group[0], end: group[0]))
                index += 1
            }
        }
        return changes
    }

    /// The last index of `splits` from `first` on whose changes all go the same way as the first
    /// and lie within `rampSpan` of the previous one.
    private static func sameDirectionRun(_ values: [Double], splits: [Int], from first: Int) -> Int {
        let bounds = [0] + splits + [values.count]
        func mean(_ a: Int, _ b: Int) -> Double { values[a..<b].reduce(0, +) / Double(b - a) }
        // Segment k runs from bounds[k] to bounds[k + 1]; change k sits at bounds[k + 1].
        func rises(_ k: Int) -> Bool { mean(bounds[k + 1], bounds[k + 2]) > mean(bounds[k], bounds[k + 1]) }
        var last = first
        while last + 1 < splits.count, splits[last + 1] - splits[last] <= rampSpan, rises(last + 1) == rises(first) { last += 1 }
        return last
    }

    /// PELT: the split positions minimizing Σ segment cost + penalty × splits, where a segment's
    /// cost is its sum of squared deviations from its mean. Without changes the pruning keeps
    /// most candidates (quadratic time), so the inner loop works on flat arrays.
    static func segment(_ values: [Double], penalty: Double) -> [Int] {
        let n = values.count
        let origin = values[0]
        var sums = [Double](repeating: 0, count: n + 1), squares = [Double](repeating: 0, count: n + 1)
        for (index, value) in values.enumerated() {
            let centred = value - origin
            sums[index + 1] = sums[index] + centred
            squares[index + 1] = squares[index] + centred * centred
        }
        // A multiplication by a reciprocal instead of a division in the inner loop.
        let reciprocals = (0...n).map { $0 == 0 ? 0 : 1 / Double($0) }
        var best = [Double](repeating: 0, count: n + 1)
        best[0] = -penalty
        var previous = [Int](repeating: 0, count: n + 1)
        var candidates = [Int](repeating: 0, count: n + 1), totals = [Double](repeating: 0, count: n + 1)
        var live = 1
        for end in 1...n {
            var lowest = Double.infinity, from = 0
            for slot in 0..<live {
                let start = candidates[slot]
                let sum = sums[end] - sums[start]
                // best[start] + cost(start, end): the cost is the segment's squared deviations.
                let total = best[start] + max(0, squares[end] - squares[start] - sum * sum * reciprocals[end - start])
                totals[slot] = total
                if total + penalty < lowest { (lowest, from) = (total + penalty, start) }
            }
            best[end] = lowest
            previous[end] = from
            var kept = 0
            for slot in 0..<live where totals[slot] <= lowest {
                candidates[kept] = candidates[slot]
                kept += 1
            }
            candidates[kept] = end
            live = kept + 1
        }
        var splits: [Int] = []
        var end = n
        while end > 0 {
            if previous[end] > 0 { splits.append(previous[end]) }
            end = previous[end]
        }
        return splits.reversed()
    }

    /// The noise σ of one value, from the median absolute difference of neighbours (1.4826 ×
    /// MAD / √2 for Gaussian noise): a change moves one difference, a drift a few, the noise all.
    public static func noise(_ values: [Double]) -> Double {
        let differences = zip(values.dropFirst(), values).map { abs($0 - $1) }.sorted()
        guard !differences.isEmpty else { return 0 }
        let middle = differences.count / 2
        let median = differences.count % 2 == 1 ? differences[middle] : (differences[middle - 1] + differences[middle]) / 2
        return 1.4826 * median / 2.0.squareRoot()
    }
}
