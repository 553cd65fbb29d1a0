extension Metrics {
    /// Front-end operations: throughput, latency, refusals, and their in-process baselines.
    static let operationsFamily: [MetricDefinition] = [
        operationThroughput, latencyP50, latencyP99, latencyP999, operationErrors, temporaryFailures, temporaryFailuresByCause, outOfMemoryErrors,
        baselineThroughput, mutateThroughput, baselineRatio,
    ]

    public static let operationThroughput = MetricDefinition(
        "ops.<op>.throughput", .opsPerSecond, .higherIsBetter, .rate,
        "`set` or `get` operations over the time of every load and mutate phase (all operations' time)")
    public static let latencyP50 = MetricDefinition(
        "ops.<op>.latency.p50", .microseconds, .lowerIsBetter, .time,
        "median latency of `set`, `get` or `delete` over every load and mutate phase")
    public static let latencyP99 = MetricDefinition(
        "ops.<op>.latency.p99", .microseconds, .lowerIsBetter, .time,
        "99th percentile latency per operation")
    public static let latencyP999 = MetricDefinition(
        "ops.<op>.latency.p999", .microseconds, .lowerIsBetter, .time,
        "99.9th percentile latency per operation")
    public static let operationErrors = MetricDefinition(
        "ops.errors", .count, .lowerIsBetter, .count,
        "operations that failed for another reason than a miss or a memory refusal (only when there were some)")
    public static let temporaryFailures = MetricDefinition(
        "ops.tmp_failures", .count, .lowerIsBetter, .count,
        "client-side: writes refused as a temporary failure (only when there were some)")
    public static let temporaryFailuresByCause = MetricDefinition(
        "ops.tmp_failures.by_cause.<cause>", .count, .lowerIsBetter, .count,
        "engine-side: writes the engine refused with a temporary failure, by why — `checkpoint_memory` (checkpoint memory full, pending destruction included) or `memory` (mem_used at quota × mutation_mem_ratio) — over every bucket the repetition had (only when there were some)",
        advisoryBecause: "how many writes find memory full follows when the background tasks ran relative to the writers")
    public static let outOfMemoryErrors = MetricDefinition(
        "ops.oom_errors", .count, .lowerIsBetter, .count,
        "client-side: writes refused as out of memory (only when there were some)")
    public static let baselineThroughput = MetricDefinition(
        "baseline.<op>.throughput", .opsPerSecond, .higherIsBetter, .rate,
        "`perf/`: the dictionary baseline's rate for `set` or `get` over `baseline` phases (each phase's time shared by count)")
    public static let mutateThroughput = MetricDefinition(
        "mutate.<op>.throughput", .opsPerSecond, .higherIsBetter, .rate,
        "`perf/`: the engine's rate for `set` or `get` over `mutate` phases (each phase's time shared by count)")
    public static let baselineRatio = MetricDefinition(
        "ops.<op>.baseline_ratio", .ratio, .higherIsBetter, .ratio,
        "`perf/`: `mutate.<op>.throughput` ÷ `baseline.<op>.throughput` within one repetition")
}
