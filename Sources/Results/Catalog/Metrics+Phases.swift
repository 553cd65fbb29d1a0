extension Metrics {
    /// Figures of one phase, named by its path: the top-level index, or `3.1.0` for the first
    /// phase of branch 1 of parallel phase 3.
    static let phaseFamily: [MetricDefinition] = [
        phaseDuration, phaseThroughput, phaseOperations, phaseTargetRate, replayOperations, replayRows, replayLiveKeys, restartWarmupItems,
        restartLostMutations, restartUnverifiableKeys, verifyKeys, verifyMismatches, statsRequests,
    ]

    static let traceNeitherBecause = "a property of the trace being replayed"
    public static let statsRequests = MetricDefinition(
        "phase.<path>.stats.<figure>", .count, .neither, .count,
        "a `stats` phase's commands: `requests` sent, `completed` (written back), `discarded` (their connection had closed), `lost` (neither: must be 0) and `ownership_violations` (writes from a background thread: must be 0; either fails the repetition)",
        neitherBecause: "the phase fails itself on a lost command or a background write; the rest is the workload's choice")
    public static let phaseDuration = MetricDefinition(
        "phase.<path>.<kind>.duration", .seconds, .lowerIsBetter, .time,
        "wall time of each phase")
    public static let phaseThroughput = MetricDefinition(
        "phase.<path>.<kind>.throughput", .opsPerSecond, .higherIsBetter, .rate,
        "operations per second of each load, mutate, replay and baseline phase")
    public static let phaseOperations = MetricDefinition(
        "phase.<path>.<kind>.ops", .count, .higherIsBetter, .count,
        "operations a time-boxed (`duration:`) mutate or replay phase did before its time ran out",
        advisoryBecause: "how many fit in the time follows the machine's speed, as throughput does")
    public static let phaseTargetRate = MetricDefinition(
        "phase.<path>.mutate.target_rate", .opsPerSecond, .neither, .rate,
        "an open-model mutate phase's target rate", neitherBecause: "the rate the workload asked for")
    public static let replayOperations = MetricDefinition(
        "phase.<path>.replay.ops.<op>", .count, .neither, .count,
        "operations of each kind a replay issued (rows × op_count)", neitherBecause: traceNeitherBecause)
    public static let replayRows = MetricDefinition(
        "phase.<path>.replay.rows", .count, .neither, .count,
        "rows of the trace replayed", neitherBecause: traceNeitherBecause)
    public static let replayLiveKeys = MetricDefinition(
        "phase.<path>.replay.keys.live", .keys, .neither, .count,
        "keys the trace leaves present (checked against the engine)", neitherBecause: traceNeitherBecause)
    public static let restartWarmupItems = MetricDefinition(
        "phase.<path>.restart.warmup.items", .items, .neither, .count,
        "documents warmup loaded after this restart", neitherBecause: "the documents the store held")
    public static let restartLostMutations = MetricDefinition(
        "phase.<path>.restart.lost_mutations", .items, .lowerIsBetter, .count,
        "mutations above the persisted seqno a killed bucket lost (a clean restart fails unless this is 0)",
        advisoryBecause: "what a kill loses depends on where the flusher was at that instant")
    public static let restartUnverifiableKeys = MetricDefinition(
        "phase.<path>.restart.keys_unverifiable", .keys, .lowerIsBetter, .count,
        "keys `verify` stops checking because a kill lost their latest write",
        advisoryBecause: "what a kill loses depends on where the flusher was at that instant")
    public static let verifyKeys = MetricDefinition(
        "phase.<path>.verify.keys", .keys, .neither, .count,
        "acknowledged keys `verify` checked", neitherBecause: "as many as the workload wrote")
    public static let verifyMismatches = MetricDefinition(
        "phase.<path>.verify.mismatches", .keys, .lowerIsBetter, .count,
        "keys not at their latest acknowledged version (any mismatch fails the repetition)")
}
