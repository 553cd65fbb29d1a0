import Engine
import Workload

/// The live engine figures that `wait` conditions name (`WaitCondition.variables`).
enum EngineGauges {
    static func value(_ name: String, of bucket: Bucket) -> Double {
        let stats = bucket.stats.snapshot
        switch name {
        case "mem_used": return Double(bucket.memory.precise)
        case "quota": return Double(bucket.quota.maxSize)
        case "high_wat": return Double(bucket.quota.highWat)
        case "low_wat": return Double(bucket.quota.lowWat)
        case "checkpoint_memory": return Double(bucket.checkpointMemoryTotal)
        case "checkpoint_quota": return Double(bucket.checkpointQuota)
        case "checkpoint_items": return Double(bucket.checkpointItems)
        case "checkpoint_memory_pending_destruction": return Double(bucket.checkpointMemoryPendingDestruction)
        case "persistence_lag": return Double(bucket.persistenceLag)
        case "values_evicted": return Double(stats.valuesEvicted)
        case "items_evicted": return Double(stats.itemsEvicted)
        case "tmp_oom_errors": return Double(stats.tmpOOMErrors)
        case "oom_errors": return Double(stats.oomErrors)
        case "quota_change_in_progress": return bucket.quotaChangeStage == .idle ? 0 : 1
        default: preconditionFailure("the workload parser admits only known gauges, got \(name)")
        }
    }
}
