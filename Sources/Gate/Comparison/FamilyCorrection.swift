/// False-alarm control over a suite's gated metrics: Holm's step-down procedure. It holds the
/// family-wise error rate — the chance that any gated metric of an unchanged suite is called
/// regressed — at the level, with no assumption about how the metrics depend on each other
/// (they do: checkpoint memory, Primary bytes and items move together). Benjamini–Hochberg would
/// reject more but controls only the expected share of false alarms; a CI gate that fails a build
/// needs the family-wise guarantee.
enum FamilyCorrection {
    /// The level each p-value is held to: sorted ascending, the i-th (0-based) of m against
    /// level / (m − i), until the first that fails; that one and every larger p-value are held to
    /// the level at which the procedure stopped. Returned in the input order.
    static func holmLevels(_ pValues: [Double], level: Double) -> [Double] {
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var levels = [Double](repeating: level, count: pValues.count)
        var stopped: Double?
        for (rank, index) in order.enumerated() {
            let step = level / Double(pValues.count - rank)
            levels[index] = stopped ?? step
            if stopped == nil && pValues[index] > step { stopped = step }
        }
        return levels
    }
}

/// What the Mann–Whitney test can show with so few repetitions.
enum RankTestPower {
    /// The smallest two-sided p-value two samples of these sizes can give: every value of one
    /// above every value of the other, 2 / C(n1 + n2, n1). Three against three cannot go below 0.1.
    static func smallestPValue(_ n1: Int, _ n2: Int) -> Double {
        guard n1 > 0, n2 > 0 else { return 1 }
        var combinations = 1.0
        for k in 0..<min(n1, n2) { combinations = combinations * Double(n1 + n2 - k) / Double(k + 1) }
        return min(1, 2 / combinations)
    }

    /// Repetitions per side needed for the smallest p-value to reach `level`.
    static func repetitionsNeeded(for level: Double) -> Int {
        var n = 2
        while smallestPValue(n, n) > level && n < 1000 { n += 1 }
        return n
    }
}
