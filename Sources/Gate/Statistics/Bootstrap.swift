/// A percentile bootstrap of the ratio of medians (candidate / base): resample both sets with
/// replacement, 2000 times, with a fixed seed so that the same results give the same interval.
public enum Bootstrap {
    public static func medianRatioInterval(base: [Double], candidate: [Double], confidence: Double = 0.95,
                                           resamples: Int = 2000, seed: UInt64 = 0x5EED) -> ClosedRange<Double>? {
        guard !base.isEmpty, !candidate.isEmpty else { return nil }
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var ratios: [Double] = []
        ratios.reserveCapacity(resamples)
        for _ in 0..<resamples {
            let b = median((0..<base.count).map { _ in base[next(base.count)] })
            let c = median((0..<candidate.count).map { _ in candidate[next(candidate.count)] })
            guard b != 0 else { continue }
            ratios.append(c / b)
        }
        guard !ratios.isEmpty else { return nil }
        ratios.sort()
        let tail = (1 - confidence) / 2
        let low = ratios[Int(Double(ratios.count - 1) * tail)]
        let high = ratios[Int(Double(ratios.count - 1) * (1 - tail))]
        return low...high
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
