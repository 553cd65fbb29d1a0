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
        // Resamples are drawn into two reused buffers and sorted in place: allocating two
        // arrays per resample was 80% of `kvbench compare` on 20 workloads (CPU profile).
        var baseSample = base, candidateSample = candidate
        for _ in 0..<resamples {
            for index in baseSample.indices { baseSample[index] = base[next(base.count)] }
            for index in candidateSample.indices { candidateSample[index] = candidate[next(candidate.count)] }
            let b = medianSorting(&baseSample)
            let c = medianSorting(&candidateSample)
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
        var copy = values
        return medianSorting(&copy)
    }

    /// The median of `values`, which it leaves sorted.
    static func medianSorting(_ values: inout [Double]) -> Double {
        values.sort()
        let middle = values.count / 2
        return values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
    }
}
