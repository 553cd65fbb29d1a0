import Engine
import Workload

/// Reads the live engine figures that `wait` conditions name and the sampler records.
enum EngineGauges {
    static func value(_ gauge: Gauge, of bucket: Bucket) -> Double {
        switch gauge {
        case .memUsed: Double(bucket.memory.precise)
        case .quota: Double(bucket.quota.maxSize)
        case .highWat: Double(bucket.quota.highWat)
        case .lowWat: Double(bucket.quota.lowWat)
        case .checkpointMemory: Double(bucket.checkpointMemoryTotal)
        case .checkpointQuota: Double(bucket.checkpointQuota)
        case .checkpointItems: Double(bucket.checkpointItems)
        case .checkpointMemoryPendingDestruction: Double(bucket.checkpointMemoryPendingDestruction)
        case .persistenceLag: Double(bucket.persistenceLag)
        case .valuesEvicted: Double(bucket.stats.snapshot.valuesEvicted)
        case .itemsEvicted: Double(bucket.stats.snapshot.itemsEvicted)
        case .tmpOOMErrors: Double(bucket.stats.snapshot.tmpOOMErrors)
        case .oomErrors: Double(bucket.stats.snapshot.oomErrors)
        case .quotaChangeInProgress: bucket.quotaChangeStage == .idle ? 0 : 1
        case .runningBackfills: Double(bucket.runningBackfills)
        }
    }
}
