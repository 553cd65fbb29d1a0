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
    }
}
