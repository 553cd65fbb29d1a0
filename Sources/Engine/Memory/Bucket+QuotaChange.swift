/// Bucket quota change (DESIGN.md §5.7, ep-engine's `BucketQuotaChangeTask`). An increase is
/// applied at once. A decrease first lowers the watermarks, the checkpoint recovery marks (scaled
/// by new/old) and the backfill limit, waking the item pager if memory is above the new high
/// watermark; it then polls until precise memory is below the new high watermark, and only then
/// sets the quota and restores the recovery marks. Writes meanwhile are judged against the old
/// quota. A new request during a change restarts from the old values.
extension Bucket {
    public func setQuota(_ newQuota: Int) {
        precondition(newQuota > 0, "quota must be positive")
        quotaChange.withLock { state in
            if let task = state.task {
                executor.cancel(task)
                state.task = nil
                restoreLimits(forQuota: quota.maxSize)
            }
            let old = quota.maxSize
            let now = MonotonicClock.now
            state.current = QuotaChangeEvent(from: old, to: newQuota, requestedAt: now, appliedAt: nil,
                                             memUsedPeak: memory.precise, statsAtRequest: stats.snapshot, statsAtApply: nil)
            guard newQuota < old else {
                apply(newQuota, state: &state)
                return
            }
            state.stage = .pending
            let task = EngineTask(name: "BucketQuotaChangeTask", pool: .nonIO) { [weak self] task in
                self?.runQuotaChange(task, from: old, to: newQuota) ?? false
            }
            state.task = task
            executor.schedule(task)
        }
    }

    /// Makes a waiting quota change poll now instead of at its next interval.
    public func pollQuotaChangeNow() {
        if let task = quotaChange.withLock({ $0.task }) { executor.wake(task) }
    }

    public var quotaChangeStage: QuotaChangeStage { quotaChange.withLock { $0.stage } }

    /// Completed quota changes, oldest first, and the one in progress if any.
    public var quotaChanges: [QuotaChangeEvent] {
        quotaChange.withLock { $0.completed + ($0.current.map { [$0] } ?? []) }
    }

    private func runQuotaChange(_ task: EngineTask, from old: Int, to target: Int) -> Bool {
        quotaChange.withLock { state in
            guard state.task === task else { return false }
            if state.stage == .pending {
                quota.setWatermarks(forQuota: target, configuration: configuration)
                let scale = Double(target) / Double(old)
                quota.setRecoveryMarks(upper: configuration.checkpointMemoryRecoveryUpperMark * scale,
                                       lower: configuration.checkpointMemoryRecoveryLowerMark * scale)
                state.stage = .waitingForMemory
            }
            let used = memory.precise
            if let peak = state.current?.memUsedPeak { state.current?.memUsedPeak = max(peak, used) }
            guard used >= quota.highWat else {
                apply(target, state: &state)
                return false
            }
            if let pager = tasks.withLock({ $0.itemPager }) { executor.wake(pager) }
            task.snooze(configuration.bucketQuotaChangeTaskPollInterval)
            return true
        }
    }

    private func apply(_ newQuota: Int, state: inout QuotaChangeState) {
        quota.setMaxSize(newQuota)
        restoreLimits(forQuota: newQuota)
        checkpointMaxSize.set(configuration.checkpointMaxSize(forQuota: newQuota))
        state.task = nil
        state.stage = .idle
        if var event = state.current {
            event.appliedAt = MonotonicClock.now
            event.statsAtApply = stats.snapshot
            state.completed.append(event)
            state.current = nil
        }
    }

    private func restoreLimits(forQuota quotaBytes: Int) {
        quota.setWatermarks(forQuota: quotaBytes, configuration: configuration)
        quota.setRecoveryMarks(upper: configuration.checkpointMemoryRecoveryUpperMark,
                               lower: configuration.checkpointMemoryRecoveryLowerMark)
    }
}

public enum QuotaChangeStage: Sendable, Equatable {
    case idle
    /// Requested; the task has not run yet.
    case pending
    /// Watermarks lowered; waiting for memory to fall below the new high watermark.
    case waitingForMemory
}

/// One quota change as the engine saw it. Times are seconds on a monotonic clock.
public struct QuotaChangeEvent: Sendable, Equatable {
    public var from: Int
    public var to: Int
    public var requestedAt: Double
    public var appliedAt: Double?
    public var memUsedPeak: Int
    public var statsAtRequest: EngineStatsSnapshot
    public var statsAtApply: EngineStatsSnapshot?

    public var convergeSeconds: Double? { appliedAt.map { $0 - requestedAt } }
}

struct QuotaChangeState {
    var task: EngineTask?
    var stage: QuotaChangeStage = .idle
    var current: QuotaChangeEvent?
    var completed: [QuotaChangeEvent] = []
}
