extension Metrics {
    /// DCP streams, their consumers and backfills from disk.
    static let backfillFamily: [MetricDefinition] = [
        consumerVerified, consumerItems, backfillItems, backfillBytes, backfillRuns, backfillSnoozes, backfillBufferFullEvents,
        backfillBufferBytes, backfillDuration, backfillItemRate, backfillByteRate, backfillCPUSeconds, backfillCPUShare,
        rawScanByteRate, rawScanRatio, runningBackfills, cancelledBackfills, droppedProducerCursors,
    ]

    static let volumeNeitherBecause = "how much there is to stream is the workload's choice"
    public static let consumerVerified = MetricDefinition(
        "dcp.consumer.verified", .bool, .higherIsBetter, .ratio,
        "1 when every DCP consumer verified what it received (a failure fails the repetition instead)")
    public static let consumerItems = MetricDefinition(
        "dcp.consumer.items", .items, .neither, .count,
        "mutations and deletions the consumers received", neitherBecause: volumeNeitherBecause)
    public static let backfillItems = MetricDefinition(
        "backfill.items", .items, .neither, .count,
        "items backfills read from SQLite (at the end; sampled over time)", neitherBecause: volumeNeitherBecause, recording: .both)
    public static let backfillBytes = MetricDefinition(
        "backfill.bytes", .bytes, .neither, .bytesEngine,
        "bytes backfills read, as DCP counts them: 24 B header + extras + key + value", neitherBecause: volumeNeitherBecause)
    public static let backfillRuns = MetricDefinition(
        "backfill.runs", .count, .neither, .count,
        "backfill task runs (each yields after the scan byte or item limit)", neitherBecause: "follows from the data and the scan limits")
    public static let backfillSnoozes = MetricDefinition(
        "backfill.snoozes", .count, .lowerIsBetter, .count,
        "backfill runs that waited (buffer full, memory high)", advisoryBecause: "how often the task waited follows thread timing")
    public static let backfillBufferFullEvents = MetricDefinition(
        "backfill.buffer_full_events", .count, .lowerIsBetter, .count,
        "times a backfill buffer reached `dcp_backfill_byte_limit`", advisoryBecause: "follows how fast the consumer drained, thread timing")
    public static let runningBackfills = MetricDefinition(
        "dcp.backfills.running", .count, .lowerIsBetter, .count,
        "backfills holding one of the bucket's running-backfill slots (ep_dcp_num_running_backfills; at the end: 0 once every producer is gone; sampled over time)",
        recording: .both)
    public static let cancelledBackfills = MetricDefinition(
        "dcp.backfills.cancelled", .count, .neither, .count,
        "backfills cancelled before they finished: their producer closed or went away, or their stream died",
        neitherBecause: "how many are cancelled is the workload's choice (it closes or drops producers)")
    public static let droppedProducerCursors = MetricDefinition(
        "dcp.dropped_producers.cursors_left", .count, .lowerIsBetter, .count,
        "checkpoint cursors still registered for producers a `dcp_drop` phase released without closing (0 unless teardown leaks)")
    public static let backfillBufferBytes = MetricDefinition(
        "backfill.buffer_bytes", .bytes, .lowerIsBetter, .bytesEngine,
        "bytes waiting in backfill buffers", recording: .series)
    public static let backfillDuration = MetricDefinition(
        "backfill.duration_seconds", .seconds, .lowerIsBetter, .time,
        "first backfill admitted → last one finished")
    public static let backfillItemRate = MetricDefinition(
        "backfill.items_per_sec", .itemsPerSecond, .higherIsBetter, .rate,
        "`backfill.items` over `backfill.duration_seconds`")
    public static let backfillByteRate = MetricDefinition(
        "backfill.bytes_per_sec", .bytesPerSecond, .higherIsBetter, .rate,
        "`backfill.bytes` over `backfill.duration_seconds`")
    public static let backfillCPUSeconds = MetricDefinition(
        "backfill.task.cpu_seconds", .seconds, .lowerIsBetter, .time,
        "CPU time the backfill task's thread spent scanning")
    public static let backfillCPUShare = MetricDefinition(
        "backfill.task.cpu_share", .ratio, .higherIsBetter, .ratio,
        "`backfill.task.cpu_seconds` over `backfill.duration_seconds`: below 1, the task waited for a core or a lock")
    public static let rawScanByteRate = MetricDefinition(
        "backfill.raw_scan.bytes_per_sec", .bytesPerSecond, .higherIsBetter, .rate,
        "a plain seqno scan of the same SQLite data in the same process (same byte count): the baseline for backfill")
    public static let rawScanRatio = MetricDefinition(
        "backfill.raw_scan.ratio", .ratio, .higherIsBetter, .ratio,
        "`backfill.bytes_per_sec` ÷ `backfill.raw_scan.bytes_per_sec` within each repetition")
}
