/// Least-squares fits of a window of a series as flat – ramp – flat: level a before `start`,
/// level b from `end` on, and a straight line between them over `start..<end` (a step when
/// `end == start`). Both levels are fitted for each pair of ends; the window is short (a few
/// dozen positions), so the search over ends is exhaustive.
struct RampFit {
    struct Fit {
        var start: Int
        var end: Int
        /// Sum of squared residuals over the window.
        var cost: Double
    }

    let values: [Double]
    let low: Int
    let high: Int

    init(_ values: [Double], low: Int, high: Int) {
        self.values = values
        self.low = low
        self.high = high
    }

    /// The best step within `reach` of position `near`.
    func bestStep(near first: Int, reach: Int) -> Fit {
        var best = Fit(start: first, end: first, cost: .infinity)
        for start in max(low + 1, first - reach)...max(low + 1, min(high - 1, first + reach)) {
            let cost = self.cost(start: start, end: start)
            if cost < best.cost { best = Fit(start: start, end: start, cost: cost) }
        }
        return best
    }

    /// The best ramp (at least one position on the way) with its ends within `reach` of the
    /// changes `first…last`; nil when the window has no room for one.
    func bestRamp(near first: Int, through last: Int, reach: Int) -> Fit? {
        var best: Fit?
        let lastEnd = min(high - 1, last + reach)
        for start in max(low + 1, first - reach)...max(low + 1, min(high - 1, last + reach)) where start + 1 <= lastEnd {
            for end in (start + 1)...lastEnd {
                let cost = self.cost(start: start, end: end)
                if cost < best?.cost ?? .infinity { best = Fit(start: start, end: end, cost: cost) }
            }
        }
        return best
    }

    /// The cost of the piecewise-constant fit with levels changing at `splits`.
    func piecewiseCost(_ splits: [Int]) -> Double {
        let bounds = [low] + splits + [high]
        var cost = 0.0
        for (a, b) in zip(bounds, bounds.dropFirst()) where b > a {
            let segment = values[a..<b]
            let mean = segment.reduce(0, +) / Double(segment.count)
            cost += segment.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        }
        return cost
    }

    /// Residual sum of squares of flat – ramp – flat with the ramp over `start..<end`.
    func cost(start: Int, end: Int) -> Double {
        // The model is linear in the two levels: value ≈ a (1 − w) + b w, w the share of the way.
        func weight(_ index: Int) -> Double {
            index < start ? 0 : index >= end ? 1 : Double(index - start + 1) / Double(end - start + 1)
        }
        var aa = 0.0, ab = 0.0, bb = 0.0, ya = 0.0, yb = 0.0
        for index in low..<high {
            let w = weight(index), value = values[index]
            aa += (1 - w) * (1 - w)
            ab += (1 - w) * w
            bb += w * w
            ya += (1 - w) * value
            yb += w * value
        }
        let determinant = aa * bb - ab * ab
        guard determinant > 0 else { return .infinity }
        let a = (ya * bb - yb * ab) / determinant, b = (aa * yb - ab * ya) / determinant
        var cost = 0.0
        for index in low..<high {
            let w = weight(index)
            let residual = values[index] - a * (1 - w) - b * w
            cost += residual * residual
        }
        return cost
    }
}
