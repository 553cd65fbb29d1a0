extension Metrics {
    /// What measuring costs (domain tracking), kvbench's own speed, and the arena cross-check of
    /// `--verify-domains`.
    static let instrumentationFamily: [MetricDefinition] = [
        trackingOnThroughput, trackingOffThroughput, trackingThroughputRatio, switchCost, toolSeconds, toolBudgetRatio, toolIndexRatio,
        verifyCounter, verifyArena, verifyDifference,
    ]

    public static let trackingOnThroughput = MetricDefinition(
        "tracking.on.throughput", .opsPerSecond, .higherIsBetter, .rate,
        "`perf/`: mutate rate with memory-domain tracking on")
    public static let trackingOffThroughput = MetricDefinition(
        "tracking.off.throughput", .opsPerSecond, .higherIsBetter, .rate,
        "`perf/`: mutate rate with memory-domain tracking paused")
    public static let trackingThroughputRatio = MetricDefinition(
        "tracking.throughput_ratio", .ratio, .higherIsBetter, .ratio,
        "`perf/`: `tracking.on.throughput` ÷ `tracking.off.throughput`")
    public static let switchCost = MetricDefinition(
        "tracking.switch.ns", .nanoseconds, .lowerIsBetter, .time,
        "`perf/`: one domain switch (entering or leaving a guard)")
    public static let toolSeconds = MetricDefinition(
        "kvbench.<tool>.seconds", .seconds, .lowerIsBetter, .time,
        "`tool_timings`: `validate` of the shipped workloads, `compare` of 20 × 10 synthetic results, `startup` "
            + "(`kvbench --version`), and `history`, `dashboard` and `index_read` (`kvbench index show`) of a synthetic branch of "
            + "500 commits × 10 workloads as commands; writing every report of a 10 × 10k-sample run (`report`) in process")
    public static let toolBudgetRatio = MetricDefinition(
        "kvbench.<tool>.budget_ratio", .ratio, .lowerIsBetter, .ratio,
        "`tool_timings`: each timed tool over its budget (validate 0.1 s, compare 1 s, report 1 s, history 2 s, dashboard 2 s): "
            + "≤ 1 is within it")
    public static let toolIndexRatio = MetricDefinition(
        "kvbench.<tool>.index_ratio", .ratio, .lowerIsBetter, .ratio,
        "`tool_timings`: `history` and `dashboard` of the 500 × 10 synthetic branch over reading the same series from its index "
            + "alone (`index_read`): what finding changes and drawing charts add")
    static let crossCheckNeitherBecause = "one side of a cross-check: only the difference matters"
    static let crossCheckAdvisoryBecause = "a check of the counters (a disagreement fails the repetition), not a figure of the engine"
    public static let verifyCounter = MetricDefinition(
        "verify.<domain>.counter", .bytes, .neither, .bytesAllocator,
        "`--verify-domains`: the domain's bytes by the per-thread counters", neitherBecause: crossCheckNeitherBecause,
        advisoryBecause: crossCheckAdvisoryBecause)
    public static let verifyArena = MetricDefinition(
        "verify.<domain>.arena", .bytes, .neither, .bytesAllocator,
        "`--verify-domains`: the domain's bytes by its own jemalloc arena", neitherBecause: crossCheckNeitherBecause,
        advisoryBecause: crossCheckAdvisoryBecause)
    public static let verifyDifference = MetricDefinition(
        "verify.<domain>.difference", .bytes, .lowerIsBetter, .bytesAllocator,
        "`--verify-domains`: |counter − arena| (a repetition fails beyond 1% of the arena or 64 KiB)",
        advisoryBecause: crossCheckAdvisoryBecause)
}
