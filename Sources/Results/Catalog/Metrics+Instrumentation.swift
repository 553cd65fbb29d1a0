extension Metrics {
    /// What measuring costs (domain tracking), kvbench's own speed, and the arena cross-check of
    /// `--verify-domains`.
    static let instrumentationFamily: [MetricDefinition] = [
        trackingOnThroughput, trackingOffThroughput, trackingThroughputRatio, switchCost, toolSeconds, toolBudgetRatio,
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
        "`tool_timings`: `validate` of the shipped workloads, `compare` of 20 × 10 synthetic results and `startup` "
            + "(`kvbench --version`) as commands; writing every report of a 10 × 10k-sample run (`report`) in process")
    public static let toolBudgetRatio = MetricDefinition(
        "kvbench.<tool>.budget_ratio", .ratio, .lowerIsBetter, .ratio,
        "`tool_timings`: each timed tool over its budget (validate 0.1 s, compare 1 s, report 1 s): ≤ 1 is within it")
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
