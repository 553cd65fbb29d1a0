@_spi(Testing) import Engine
import Workload

/// The one place where the workload's `engine:` block becomes ep-engine configuration.
extension BucketConfiguration {
    init(_ settings: EngineSettings) {
        self.init(
            maxSize: settings.quota,
            maxVBuckets: settings.vbuckets,
            checkpointMemoryRatio: settings.checkpoint.memoryRatio,
            checkpointMaxSize: settings.checkpoint.maxSize,
            maxCheckpoints: settings.checkpoint.maxCheckpoints,
            chkExpelEnabled: settings.checkpoint.expel,
            itemEvictionPolicy: EvictionPolicy(rawValue: settings.eviction) ?? .valueOnly,
            memLowWatPercent: settings.memLowWatPercent,
            memHighWatPercent: settings.memHighWatPercent,
            mutationMemRatio: settings.mutationMemRatio,
            checkpointMemoryRecoveryUpperMark: settings.checkpoint.recoveryUpperMark,
            checkpointMemoryRecoveryLowerMark: settings.checkpoint.recoveryLowerMark,
            bucketQuotaChangeTaskPollInterval: settings.bucketQuotaChangeTaskPollInterval
        )
        testExtraCheckpointBytesPerItem = settings.testExtraCheckpointBytesPerItem
        let tasks = settings.tasks
        if let value = tasks.pagerSleepTime { pagerSleepTime = value }
        if let value = tasks.checkpointRemoverInterval { checkpointRemoverInterval = value }
        if let value = tasks.checkpointDestructionTasks { checkpointDestructionTasks = value }
        if let value = tasks.maxNumShards { maxNumShards = value }
        if let value = tasks.backfillRunDurationLimit { backfillRunDurationLimit = value }
        if let value = tasks.backfillMemorySnooze { backfillMemorySnooze = value }
        if let value = tasks.readerThreads { executorThreads.reader = value }
        if let value = tasks.writerThreads { executorThreads.writer = value }
        if let value = tasks.auxIOThreads { executorThreads.auxIO = value }
        if let value = tasks.nonIOThreads { executorThreads.nonIO = value }
    }
}
