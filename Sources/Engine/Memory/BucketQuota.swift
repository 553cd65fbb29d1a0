import Synchronization

/// The bucket's memory limits as they are in force right now: quota (`max_size`), low/high
/// watermarks, checkpoint-memory recovery marks and the bucket-wide backfill limit. A quota
/// decrease changes these in two steps (see `Bucket+QuotaChange`), so they are separate atomics
/// rather than figures derived from one quota. Any thread may read; the bucket's quota-change
/// logic is the only writer.
public final class BucketQuota: Sendable {
    let maxSizeBytes: Atomic<Int>
    let lowWatBytes: Atomic<Int>
    let highWatBytes: Atomic<Int>
    /// Fractions of the checkpoint quota (`quota × checkpoint_memory_ratio`), as bits of a Double.
    let recoveryUpperMarkBits: Atomic<UInt64>
    let recoveryLowerMarkBits: Atomic<UInt64>
    let backfillLimitCount: Atomic<Int>

    /// ep-engine defaults for `checkpoint_memory_recovery_upper_mark` / `_lower_mark`.
    public static let defaultRecoveryUpperMark = 0.9
    public static let defaultRecoveryLowerMark = 0.6

    init(configuration: BucketConfiguration) {
        maxSizeBytes = Atomic(configuration.maxSize)
        lowWatBytes = Atomic(Int(Double(configuration.maxSize) * configuration.memLowWatPercent))
        highWatBytes = Atomic(Int(Double(configuration.maxSize) * configuration.memHighWatPercent))
        recoveryUpperMarkBits = Atomic(configuration.checkpointMemoryRecoveryUpperMark.bitPattern)
        recoveryLowerMarkBits = Atomic(configuration.checkpointMemoryRecoveryLowerMark.bitPattern)
        backfillLimitCount = Atomic(Self.backfillLimit(forQuota: configuration.maxSize))
    }

    public var maxSize: Int { maxSizeBytes.load(ordering: .acquiring) }
    public var lowWat: Int { lowWatBytes.load(ordering: .acquiring) }
    public var highWat: Int { highWatBytes.load(ordering: .acquiring) }
    public var recoveryUpperMark: Double { Double(bitPattern: recoveryUpperMarkBits.load(ordering: .acquiring)) }
    public var recoveryLowerMark: Double { Double(bitPattern: recoveryLowerMarkBits.load(ordering: .acquiring)) }
    /// Bucket-wide maximum of concurrent backfills.
    public var backfillLimit: Int { backfillLimitCount.load(ordering: .acquiring) }

    /// ep-engine: `max(2, min(quota × 1% / 10 KiB, 4096))`.
    public static func backfillLimit(forQuota quota: Int) -> Int {
        max(2, min(Int(Double(quota) * 0.01 / 10240), 4096))
    }

    func setWatermarks(forQuota quota: Int, configuration: BucketConfiguration) {
        lowWatBytes.store(Int(Double(quota) * configuration.memLowWatPercent), ordering: .releasing)
        highWatBytes.store(Int(Double(quota) * configuration.memHighWatPercent), ordering: .releasing)
        backfillLimitCount.store(Self.backfillLimit(forQuota: quota), ordering: .releasing)
    }

    func setRecoveryMarks(upper: Double, lower: Double) {
        recoveryUpperMarkBits.store(upper.bitPattern, ordering: .releasing)
        recoveryLowerMarkBits.store(lower.bitPattern, ordering: .releasing)
    }

    func setMaxSize(_ bytes: Int) { maxSizeBytes.store(bytes, ordering: .releasing) }
}
