/// Engine settings, named and defaulted as in ep-engine's `configuration.json` so that an
/// ep-engine developer recognises every knob. A value type: the bucket copies it at creation and
/// publishes derived, changeable figures (such as the checkpoint max size) through atomics.
public struct BucketConfiguration: Sendable, Equatable {
    /// `max_size`: the bucket quota in bytes.
    public var maxSize: Int
    /// `max_vbuckets`.
    public var maxVBuckets: Int
    /// `checkpoint_memory_ratio`: the share of the quota checkpoints may use.
    public var checkpointMemoryRatio: Double
    /// `checkpoint_max_size`: bytes at which the open checkpoint is closed; 0 = automatic.
    public var checkpointMaxSize: Int
    /// `max_checkpoints`: used by the automatic checkpoint max size.
    public var maxCheckpoints: Int
    /// `chk_expel_enabled`.
    public var chkExpelEnabled: Bool
    /// `item_eviction_policy`.
    public var itemEvictionPolicy: EvictionPolicy
    /// `mem_low_wat` / `mem_high_wat` as fractions of the quota.
    public var memLowWatPercent: Double
    public var memHighWatPercent: Double
    /// `mutation_mem_ratio`.
    public var mutationMemRatio: Double
    /// Lock stripes per vBucket hash table (`ht_locks`).
    public var htLocks: Int
    /// `checkpoint_memory_recovery_upper_mark` / `_lower_mark`: fractions of the checkpoint quota.
    public var checkpointMemoryRecoveryUpperMark: Double
    public var checkpointMemoryRecoveryLowerMark: Double
    /// `bucket_quota_change_task_poll_interval` in seconds.
    public var bucketQuotaChangeTaskPollInterval: Double
    /// Items the flusher writes per transaction at most.
    public var flushBatchSize: Int
    /// `pager_sleep_time_ms`, in seconds: how often the item pager looks without being woken
    /// (a write above the high watermark, or a quota decrease, wakes it at once).
    public var pagerSleepTime = 5.0
    /// `chk_remover_stime`, seconds: how often checkpoint-memory recovery looks without being
    /// woken (a write that finds checkpoint memory above the upper mark wakes it at once).
    public var checkpointRemoverInterval = 5.0
    /// `checkpoint_destruction_tasks`: destroyer tasks, vBuckets shared between them by id.
    public var checkpointDestructionTasks = 2
    /// `max_num_shards`: the store's shards (a SQLite file each) and the flusher tasks, one per
    /// shard; vBucket `v` belongs to shard `v % shards`.
    public var maxNumShards = 4
    /// Threads per executor pool.
    public var executorThreads = ExecutorThreads.engineDefaults()
    /// `dcp_backfill_run_duration_limit`, seconds: one backfill run scans at most this long.
    public var backfillRunDurationLimit = 0.3
    /// How long a backfill waits when memory is above `backfill_mem_threshold` before it looks
    /// again (ep-engine snoozes 1 s).
    public var backfillMemorySnooze = 1.0
    /// Test only: extra bytes charged per queued checkpoint element (a known estimate regression).
    @_spi(Testing) public var testExtraCheckpointBytesPerItem = 0
    /// Test only: checkpoint-memory recovery and the destroyers do not run as tasks; the test runs
    /// them (`runCheckpointMemoryRecovery`, `destroyPendingCheckpoints`) where kv_engine's tests
    /// run theirs, so that what each step did can be checked.
    @_spi(Testing) public var testRunCheckpointTasksManually = false

    public enum EvictionPolicy: String, Sendable, CaseIterable {
        case valueOnly = "value_only"
        case fullEviction = "full_eviction"
    }

    public init(
        maxSize: Int = 100 * 1024 * 1024,
        maxVBuckets: Int = 1024,
        checkpointMemoryRatio: Double = 0.2,
        checkpointMaxSize: Int = 0,
        maxCheckpoints: Int = 10,
        chkExpelEnabled: Bool = true,
        itemEvictionPolicy: EvictionPolicy = .valueOnly,
        memLowWatPercent: Double = 0.75,
        memHighWatPercent: Double = 0.85,
        mutationMemRatio: Double = 0.93,
        htLocks: Int = 47,
        checkpointMemoryRecoveryUpperMark: Double = 0.9,
        checkpointMemoryRecoveryLowerMark: Double = 0.6,
        bucketQuotaChangeTaskPollInterval: Double = 30,
        flushBatchSize: Int = 10_000
    ) {
        self.checkpointMemoryRecoveryUpperMark = checkpointMemoryRecoveryUpperMark
        self.checkpointMemoryRecoveryLowerMark = checkpointMemoryRecoveryLowerMark
        self.bucketQuotaChangeTaskPollInterval = bucketQuotaChangeTaskPollInterval
        self.flushBatchSize = flushBatchSize
        self.maxSize = maxSize
        self.maxVBuckets = maxVBuckets
        self.checkpointMemoryRatio = checkpointMemoryRatio
        self.checkpointMaxSize = checkpointMaxSize
        self.maxCheckpoints = maxCheckpoints
        self.chkExpelEnabled = chkExpelEnabled
        self.itemEvictionPolicy = itemEvictionPolicy
        self.memLowWatPercent = memLowWatPercent
        self.memHighWatPercent = memHighWatPercent
        self.mutationMemRatio = mutationMemRatio
        self.htLocks = htLocks
    }

    /// The checkpoint max size in force: the configured figure, or when that is 0,
    /// `quota × checkpoint_memory_ratio / vBuckets / max_checkpoints` (ep-engine's automatic size).
    public var effectiveCheckpointMaxSize: Int { checkpointMaxSize(forQuota: maxSize) }

    func checkpointMaxSize(forQuota quota: Int) -> Int {
        if checkpointMaxSize > 0 { return checkpointMaxSize }
        let automatic = Double(quota) * checkpointMemoryRatio / Double(maxVBuckets) / Double(maxCheckpoints)
        return max(1, Int(automatic))
    }

    /// Problems that make the configuration unusable, phrased for the user.
    public func validationErrors() -> [String] {
        var errors: [String] = []
        if maxSize <= 0 { errors.append("max_size must be positive") }
        if maxVBuckets <= 0 || maxVBuckets > 1024 { errors.append("max_vbuckets must be between 1 and 1024") }
        if !(checkpointMemoryRatio > 0 && checkpointMemoryRatio <= 1) { errors.append("checkpoint_memory_ratio must be in (0, 1]") }
        if checkpointMaxSize < 0 { errors.append("checkpoint_max_size must not be negative") }
        if maxCheckpoints < 2 { errors.append("max_checkpoints must be at least 2") }
        if htLocks <= 0 { errors.append("ht_locks must be positive") }
        if !(memLowWatPercent > 0 && memLowWatPercent < memHighWatPercent && memHighWatPercent < 1) {
            errors.append("need 0 < mem_low_wat < mem_high_wat < 1 (fractions of the quota)")
        }
        if !(checkpointMemoryRecoveryLowerMark > 0 && checkpointMemoryRecoveryLowerMark < checkpointMemoryRecoveryUpperMark
             && checkpointMemoryRecoveryUpperMark <= 1) {
            errors.append("need 0 < checkpoint_memory_recovery_lower_mark < checkpoint_memory_recovery_upper_mark ≤ 1")
        }
        if bucketQuotaChangeTaskPollInterval <= 0 { errors.append("bucket_quota_change_task_poll_interval must be positive") }
        if flushBatchSize <= 0 { errors.append("the flush batch size must be positive") }
        if !(pagerSleepTime > 0 && checkpointRemoverInterval > 0) { errors.append("pager_sleep_time and chk_remover_stime must be positive") }
        if checkpointDestructionTasks < 1 { errors.append("checkpoint_destruction_tasks must be at least 1") }
        if maxNumShards < 1 { errors.append("max_num_shards must be at least 1") }
        if !(backfillRunDurationLimit > 0 && backfillMemorySnooze > 0) {
            errors.append("dcp_backfill_run_duration_limit and the backfill memory snooze must be positive")
        }
        if [executorThreads.reader, executorThreads.writer, executorThreads.auxIO, executorThreads.nonIO].contains(where: { $0 < 1 }) {
            errors.append("every executor pool needs at least one thread")
        }
        return errors
    }
}
