extension Metrics {
    /// Memory by domain, the allocator's process totals, and the bucket's quota and watermarks.
    static let memoryFamily: [MetricDefinition] = [
        primaryAllocated, primaryAllocatedAt, secondaryAllocated, secondaryAfterStoreClosed, sqliteReported, kvbenchAllocated, kvbenchPrimaryRatio,
        processFigure, fragmentationActive, fragmentationResident, peakRSS, rss, memUsed, quota, highWatermark, lowWatermark,
    ]

    public static let primaryAllocated = MetricDefinition(
        "mem.primary.allocated", .bytes, .lowerIsBetter, .bytesAllocator,
        "Primary-domain (engine) bytes, per-thread allocator counters (jemalloc or tcmalloc)", recording: .both)
    public static let primaryAllocatedAt = MetricDefinition(
        "mem.primary.allocated.<label>", .bytes, .lowerIsBetter, .bytesAllocator,
        "Primary-domain bytes at `snapshot {label}`")
    public static let secondaryAllocated = MetricDefinition(
        "mem.secondary.allocated", .bytes, .lowerIsBetter, .bytesAllocator,
        "Secondary-domain (SQLite) bytes, per-thread allocator counters", recording: .both)
    public static let secondaryAfterStoreClosed = MetricDefinition(
        "mem.secondary.after_store_closed", .bytes, .lowerIsBetter, .bytesAllocator,
        "Secondary-domain bytes once the bucket and its store are closed at the end of the repetition: what the storage library failed to give back (MB-47308: its memory is its own)",
        advisoryBecause: "a few KiB that SQLite keeps or frees lazily; a leak shows against `mem.secondary.allocated`")
    public static let sqliteReported = MetricDefinition(
        "mem.secondary.sqlite_reported", .bytes, .lowerIsBetter, .bytesAllocator,
        "SQLite's own `sqlite3_memory_used()` at the end: the cross-check for `mem.secondary.allocated` (SQLite counts requested "
            + "bytes, the allocator whole size classes, so the allocator's figure runs up to ~20% higher)",
        advisoryBecause: "a cross-check of `mem.secondary.allocated`, which gates")
    public static let kvbenchAllocated = MetricDefinition(
        "mem.kvbench.allocated", .bytes, .lowerIsBetter, .bytesAllocator,
        "what kvbench's own threads hold at the end (the `none` domain: sampler, histograms, value buffers, consumers, oracle)",
        advisoryBecause: "kvbench's own memory, which grows with how long the run took (the sampler's series)")
    public static let kvbenchPrimaryRatio = MetricDefinition(
        "mem.kvbench.primary_ratio", .ratio, .lowerIsBetter, .ratio,
        "`mem.kvbench.allocated` ÷ `mem.primary.allocated`")
    public static let processFigure = MetricDefinition(
        "mem.process.<figure>", .bytes, .lowerIsBetter, .bytesAllocator,
        "the allocator's own totals: jemalloc `allocated`, `active`, `resident`, `mapped`, `retained`; tcmalloc `allocated`, "
            + "`heap_size`, `pageheap_free`; glibc `allocated` (mallinfo2 in use), `arena`", recording: .both,
        advisoryBecause: "process totals hold kvbench's own bytes and move with page decay and thread caches; `mem.primary.*` gates")
    public static let fragmentationActive = MetricDefinition(
        "mem.process.fragmentation.active", .ratio, .lowerIsBetter, .ratio,
        "jemalloc only: active ÷ allocated", recording: .both)
    public static let fragmentationResident = MetricDefinition(
        "mem.process.fragmentation.resident", .ratio, .lowerIsBetter, .ratio,
        "jemalloc only: resident ÷ allocated", recording: .both)
    public static let peakRSS = MetricDefinition(
        "mem.process.peak_rss", .bytes, .lowerIsBetter, .bytesAllocator,
        "`VmHWM` of the repetition's process", advisoryBecause: "the whole process's peak, kvbench and page decay included")
    public static let rss = MetricDefinition(
        "mem.process.rss", .bytes, .lowerIsBetter, .bytesAllocator,
        "resident set size of the repetition's process (/proc/self/statm)", recording: .series)
    public static let memUsed = MetricDefinition(
        "mem_used", .bytes, .lowerIsBetter, .bytesEngine,
        "the bucket's `mem_used`, what its memory decisions use", recording: .series)
    public static let quota = MetricDefinition(
        "quota", .bytes, .neither, .bytesEngine,
        "the bucket quota in force (`max_size`)", neitherBecause: "a setting the workload chooses", recording: .series)
    public static let highWatermark = MetricDefinition(
        "high_wat", .bytes, .neither, .bytesEngine,
        "the high watermark in force", neitherBecause: "a setting the workload chooses", recording: .series)
    public static let lowWatermark = MetricDefinition(
        "low_wat", .bytes, .neither, .bytesEngine,
        "the low watermark in force", neitherBecause: "a setting the workload chooses", recording: .series)
}
