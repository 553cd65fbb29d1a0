extension Metrics {
    /// Eviction, persistence, warmup, background tasks and bucket quota changes.
    static let engineFamily: [MetricDefinition] = [
        valuesEvicted, itemsEvicted, tmpOOMErrorsSeries, persistenceLag, persistenceLagPeak, persistenceRate, persistenceErrors, backgroundFetches,
        taskFailures, warmupItems, warmupSeconds, warmupValuesLeftOnDisk, quotaConvergeSeconds, quotaTmpOOMErrors,
        quotaOOMErrors, quotaMemUsedPeak,
    ]

    static let evictionsNeitherBecause = "evicting is how the engine makes room: how much it must depends on the workload's pressure"
    public static let valuesEvicted = MetricDefinition(
        "evictions.values", .items, .neither, .count,
        "values ejected (value-only eviction) by the item pager and `evict`", neitherBecause: evictionsNeitherBecause, recording: .both)
    public static let itemsEvicted = MetricDefinition(
        "evictions.items", .items, .neither, .count,
        "whole items ejected (full eviction) by the item pager and `evict`", neitherBecause: evictionsNeitherBecause, recording: .both)
    public static let tmpOOMErrorsSeries = MetricDefinition(
        "tmp_oom_errors", .count, .lowerIsBetter, .count,
        "writes the engine refused with a temporary failure so far (ep_tmp_oom_errors)", recording: .series)
    public static let persistenceLagPeak = MetricDefinition(
        "persistence.lag_peak", .items, .lowerIsBetter, .count,
        "the highest `persistence.lag` the sampler saw during the repetition: how far the flushers fell behind",
        advisoryBecause: "follows when the flushers ran relative to the writers; a workload states its bound as a `max` budget")
    public static let persistenceLag = MetricDefinition(
        "persistence.lag", .items, .lowerIsBetter, .count,
        "mutations not yet persisted, summed over vBuckets", recording: .series)
    public static let persistenceRate = MetricDefinition(
        "persistence.items_per_sec", .itemsPerSecond, .higherIsBetter, .rate,
        "items the flusher committed per second of commit time")
    public static let persistenceErrors = MetricDefinition(
        "persistence.errors", .count, .lowerIsBetter, .count,
        "failed commits the flusher retried (only when there were some)")
    public static let backgroundFetches = MetricDefinition(
        "bgfetch.count", .count, .lowerIsBetter, .count,
        "gets (and full-eviction deletes) that read the document back from SQLite")
    public static let taskFailures = MetricDefinition(
        "tasks.failures", .count, .lowerIsBetter, .count,
        "failures background tasks survived and retried (flusher commits, backfill scans, background fetches)")
    public static let warmupItems = MetricDefinition(
        "warmup.items", .items, .neither, .count,
        "documents warmup loaded over every `restart`", neitherBecause: "the documents the store held")
    public static let warmupSeconds = MetricDefinition(
        "warmup.seconds", .seconds, .lowerIsBetter, .time,
        "time warmup took over every `restart`")
    public static let warmupValuesLeftOnDisk = MetricDefinition(
        "warmup.values_left_on_disk", .items, .neither, .count,
        "documents warmup loaded without their value (past the low watermark)",
        neitherBecause: "follows from the quota and the data set")
    public static let quotaConvergeSeconds = MetricDefinition(
        "quota.change.converge_seconds", .seconds, .lowerIsBetter, .time,
        "last quota change: request → new quota in force (0 for an increase)")
    public static let quotaTmpOOMErrors = MetricDefinition(
        "quota.change.tmp_oom_errors", .count, .lowerIsBetter, .count,
        "writes refused with a temporary failure between the last quota request and its application")
    public static let quotaOOMErrors = MetricDefinition(
        "quota.change.oom_errors", .count, .lowerIsBetter, .count,
        "writes refused as out of memory between the last quota request and its application")
    public static let quotaMemUsedPeak = MetricDefinition(
        "quota.change.mem_used.peak", .bytes, .lowerIsBetter, .bytesEngine,
        "highest `mem_used` the quota-change task saw while it waited")
}
