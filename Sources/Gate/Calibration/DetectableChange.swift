import Results

/// The smallest change in a metric's worse direction that the gate would call a regression,
/// found by shifting one A/A pair's candidate sample: the change must pass the relative threshold
/// and, unless the metric repeats exactly, reach significance at the first step of Holm's
/// procedure for the pair's family (a lone regression is held to level / family size).
struct DetectableChange {
    var change: Double?
    var requiredRepetitions: Int?

    init(_ observation: Calibration.Observation) {
        let comparison = observation.comparison
        let threshold = comparison.threshold.relative ?? 0
        guard !comparison.deterministic else {
            change = threshold
            return
        }
        let level = Comparator.significance / Double(max(1, observation.familySize))
        guard RankTestPower.smallestPValue(observation.base.count, observation.candidate.count) <= level else {
            requiredRepetitions = RankTestPower.repetitionsNeeded(for: level)
            return
        }
        let higherIsBetter = comparison.direction == .higherIsBetter
        let baseMedian = Bootstrap.median(observation.base)
        func caught(_ shift: Double) -> Bool {
            let factor = higherIsBetter ? 1 - shift : 1 + shift
            let shifted = observation.candidate.map { $0 * factor }
            let worse = (Bootstrap.median(shifted) - baseMedian) / abs(baseMedian) * (higherIsBetter ? -1 : 1)
            guard worse > threshold, let p = MannWhitney.test(observation.base, shifted)?.pValue else { return false }
            return p <= level
        }
        var (low, high) = (0.0, higherIsBetter ? 0.999 : 100)
        guard baseMedian > 0, caught(high) else { return }
        while high - low > 0.0005 {
            let middle = (low + high) / 2
            if caught(middle) { high = middle } else { low = middle }
        }
        change = high
    }
}
