import Results

/// Which metrics of a workload decide the gate: those named in a threshold (the base's block or a
/// thresholds file) or in its `gate:` list; else, unless its `advisory:` list names them, those
/// the catalog gates by default — counts and bytes. Timings, rates and ratios move with the
/// machine, so they only advise unless named. The base's declarations decide.
struct GatePolicy {
    let thresholds: [String: Threshold]
    let selection: GateSelection

    init(base: RunResult, thresholds file: [String: Threshold]) {
        thresholds = (base.thresholds ?? [:]).merging(file) { _, fromFile in fromFile }
        selection = base.gate ?? GateSelection()
    }

    func isGated(_ metric: String) -> Bool {
        if Threshold.matchingPattern(metric, in: thresholds.keys) != nil { return true }
        if Threshold.matchingPattern(metric, in: selection.gated) != nil { return true }
        if Threshold.matchingPattern(metric, in: selection.advisory) != nil { return false }
        return MetricCatalog.definition(of: metric)?.gatedByDefault ?? false
    }

    func threshold(_ metric: String) -> Threshold { Threshold.resolve(metric, in: thresholds) }
}
