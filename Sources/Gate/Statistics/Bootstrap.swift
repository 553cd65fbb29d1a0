/// A percentile bootstrap of the ratio of medians (candidate / base): resample both sets with
/// replacement, 2000 times, with a fixed seed so that the same results give the same interval.
public enum Bootstrap {
    public static func medianRatioInterval(base: [Double], candidate: [Double], confidence: Double = 0.95,
                                           resamples: Int = 2000, seed: UInt64 = 0x5EED) -> ClosedRange<Double>? {
        guard !base.isEmpty, !candidate.isEmpty else { return nil }
        var state = seed
        // A multiply-shift instead of `%` maps the draw into 0..<bound: a division per draw was
        // a third of the bootstrap (48M draws for 20 workloads × 60 metrics × 10 repetitions).
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(((state >> 32) &* UInt64(bound)) >> 32)
        }
        var ratios: [Double] = []
        ratios.reserveCapacity(resamples)
        // A resample is counted, not built: how often each original value was drawn, walked in
        // the values' sorted order, gives the resample's median without sorting it (sorting two
        // arrays per resample was three quarters of `kvbench compare` in a CPU profile). The
        // draws and so the intervals are the same as when each resample was sorted.
        var baseSample = CountedResample(base), candidateSample = CountedResample(candidate)
        for _ in 0..<resamples {
            baseSample.draw(next)
            candidateSample.draw(next)
            let b = baseSample.median
            let c = candidateSample.median
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

    /// One resample of `values` with replacement, as a count per original value.
    private struct CountedResample {
        let values: [Double]
        /// Indices of `values` in ascending order of value.
        let order: [Int]
        var counts: [Int]

        init(_ values: [Double]) {
            self.values = values
            order = values.indices.sorted { values[$0] < values[$1] }
            counts = [Int](repeating: 0, count: values.count)
        }

        mutating func draw(_ next: (Int) -> Int) {
            for index in counts.indices { counts[index] = 0 }
            for _ in 0..<values.count { counts[next(values.count)] += 1 }
        }

        /// The value at each of the two middle ranks of the sorted resample, averaged.
        var median: Double {
            let upper = values.count / 2
            let lower = values.count % 2 == 1 ? upper : upper - 1
            var seen = 0
            var low: Double?
            for index in order {
                seen += counts[index]
                if low == nil && seen > lower { low = values[index] }
                if seen > upper { return (low! + values[index]) / 2 }
            }
            preconditionFailure("counts sum to the sample size")
        }
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
