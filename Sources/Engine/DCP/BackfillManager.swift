import DequeModule
import Locking
import Synchronization

/// A producer's backfills (ep-engine's `BackfillManager`): new backfills wait in `pending` until
/// the per-connection (`dcp_backfill_in_progress_per_connection_limit`) and bucket-wide limits
/// allow them, then go `initializing` (snapshot marker) → `active` (scanning, round robin) →
/// done; a backfill that must wait (buffer full, memory high) is `snoozing`. One run scans at
/// most `dcp_scan_byte_limit` bytes or `dcp_scan_item_limit` items.
///
/// Its task (auxIO) holds the manager weakly and does nothing once the manager is gone or
/// cancelled; `cancel()` waits for a scan in progress, so no scan runs after it returns.
final class BackfillManager: Sendable {
    struct Backfill: Sendable {
        let stream: ActiveStream
        let range: ClosedRange<Int64>
        var nextSeqno: Int64
    }

    struct State: Sendable {
        var pending: Deque<Backfill> = []
        var initializing: Deque<Backfill> = []
        var active: Deque<Backfill> = []
        var snoozing: Deque<Backfill> = []
        var buffer: BackfillBuffer
        var stats = BackfillStats()
    }

    static let perConnectionLimit = 64
    static let scanByteLimit = 4 << 20
    static let scanItemLimit = 4096
    static let memoryThreshold = 0.96

    let bucket: Bucket
    let state: LockedValue<State>
    /// Whether the manager was cancelled. Held for the whole of a run, so `cancel()` waits for a
    /// scan in flight.
    private let cancelled = LockedValue<Bool>(false)
    private let task = LockedValue<EngineTask?>(nil)
    private let onData: @Sendable () -> Void

    init(bucket: Bucket, bufferLimit: Int, onData: @escaping @Sendable () -> Void) {
        self.bucket = bucket
        self.onData = onData
        state = LockedValue(State(buffer: BackfillBuffer(limit: bufferLimit)))
    }

    func schedule(_ stream: ActiveStream, range: ClosedRange<Int64>) {
        state.withLock { $0.pending.append(Backfill(stream: stream, range: range, nextSeqno: range.lowerBound)) }
        wake()
    }

    /// Starts the task on first use; afterwards wakes it.
    func wake() {
        let existing = task.withLock { current -> EngineTask? in
            if let current { return current }
            let created = EngineTask(name: "BackfillManagerTask", pool: .auxIO) { [weak self] task in
                guard let self else { return false }
                return self.run(task)
            }
            current = created
            bucket.executor.schedule(created)
            return nil
        }
        if let existing { bucket.executor.wake(existing) }
    }

    /// Front end: an item from a backfill was sent; a buffer that drops below 75% resumes backfills.
    func sent(_ size: Int) {
        let resumed = state.withLock { state -> Bool in
            let wasFull = state.buffer.isFull
            state.buffer.recordSent(size)
            return wasFull && !state.buffer.isFull
        }
        if resumed { wake() }
    }

    /// Cancels every backfill and the task; returns once no scan is running.
    func cancel() {
        cancelled.withLock { cancelled in
            cancelled = true
            let released = state.withLock { state -> Int in
                let running = state.initializing.count + state.active.count + state.snoozing.count
                state.pending = []
                state.initializing = []
                state.active = []
                state.snoozing = []
                return running
            }
            bucket.activeBackfills.subtract(released, ordering: .relaxed)
        }
        if let task = task.withLock({ $0 }) { bucket.executor.cancel(task) }
    }

    var stats: BackfillStats { state.withLock { $0.stats } }
    var bufferFullEvents: Int { state.withLock { $0.buffer.fullEvents } }
    var bufferBytes: Int { state.withLock { $0.buffer.bytes } }

    /// One run of the task: admit pending backfills, then scan one chunk of the first active one.
    private func run(_ task: EngineTask) -> Bool {
        cancelled.withLock { cancelled in
            guard !cancelled else { return false }
            state.withLock { $0.stats.runs += 1 }
            admitPending()
            if Double(bucket.memory.estimated) >= Self.memoryThreshold * Double(bucket.quota.maxSize) {
                state.withLock { $0.stats.snoozes += 1 }
                task.snooze(0.05)
                return true
            }
            let next = state.withLock { state -> Backfill? in
                while let snoozed = state.snoozing.popFirst() { state.active.append(snoozed) }
                while let initializing = state.initializing.popFirst() {
                    initializing.stream.pushBackfilled([.snapshotMarker(vbid: initializing.stream.vbid, start: initializing.range.lowerBound,
                                                                       end: initializing.range.upperBound, fromDisk: true)])
                    state.active.append(initializing)
                }
                if state.buffer.isFull { return nil }
                return state.active.popFirst()
            }
            guard let backfill = next else {
                if state.withLock({ $0.buffer.isFull }) { state.withLock { $0.stats.snoozes += 1 } }
                task.snooze(state.withLock { $0.pending.isEmpty && $0.active.isEmpty } ? 3600 : 0.01)
                return true
            }
            let cpuStarted = MonotonicClock.threadCPU
            scan(backfill)
            let cpu = MonotonicClock.threadCPU - cpuStarted
            state.withLock { $0.stats.cpuSeconds += cpu }
            onData()
            return true
        }
    }

    private func admitPending() {
        let limit = bucket.quota.backfillLimit
        state.withLock { state in
            while let candidate = state.pending.first,
                  state.initializing.count + state.active.count + state.snoozing.count < Self.perConnectionLimit {
                let active = bucket.activeBackfills.load(ordering: .relaxed)
                guard active < limit,
                      bucket.activeBackfills.compareExchange(expected: active, desired: active + 1, ordering: .relaxed).exchanged
                else { break }
                state.pending.removeFirst()
                state.initializing.append(candidate)
                if state.stats.startedAt == nil { state.stats.startedAt = MonotonicClock.now }
            }
        }
    }

    /// Reads up to the scan limits (or until the buffer fills) and hands the documents to the
    /// stream in one batch. Only this task adds to the buffer, so the room left is read once
    /// and counted down locally instead of locking per document.
    private func scan(_ backfill: Backfill) {
        guard let store = bucket.store else { return }
        var current = backfill
        var batch: [DcpMessage] = []
        batch.reserveCapacity(Self.scanItemLimit)
        var bytes = 0
        var stoppedEarly = false
        var buffer = state.withLock { $0.buffer }
        let vbid = backfill.stream.vbid
        do throws(StorageError) {
            try store.scan(vbid: vbid, from: current.nextSeqno, to: backfill.range.upperBound) { document in
                let key = String(decoding: document.key, as: UTF8.self)
                let message: DcpMessage = document.isDeleted
                    ? .deletion(vbid: vbid, key: key, bySeqno: document.bySeqno, revSeqno: document.revSeqno)
                    : .mutation(vbid: vbid, key: key, value: ValueBlob(copying: document.value, owner: bucket.counters.valueOwner), bySeqno: document.bySeqno,
                                revSeqno: document.revSeqno)
                let size = message.size
                guard buffer.canRead(size) else {
                    stoppedEarly = true
                    return false
                }
                buffer.recordRead(size)
                batch.append(message)
                current.nextSeqno = document.bySeqno + 1
                bytes += size
                if bytes >= Self.scanByteLimit || batch.count >= Self.scanItemLimit || buffer.isFull {
                    stoppedEarly = true
                    return false
                }
                return true
            }
        } catch {
            // The scan resumes from the last document handed over on the task's next run.
            stoppedEarly = true
            bucket.taskFailures.record(task: "BackfillManagerTask", "vb \(vbid): \(error)")
        }
        backfill.stream.pushBackfilled(batch)
        let finished = !stoppedEarly || current.nextSeqno > backfill.range.upperBound
        state.withLock { state in
            state.buffer.recordRead(bytes)
            state.stats.items += batch.count
            state.stats.bytes += bytes
            if finished {
                state.stats.completed += 1
                state.stats.finishedAt = MonotonicClock.now
            } else {
                state.active.append(current)
            }
        }
        if finished {
            bucket.activeBackfills.subtract(1, ordering: .relaxed)
            backfill.stream.backfillComplete(range: backfill.range)
        }
    }
}

/// What a producer's backfills did.
public struct BackfillStats: Sendable, Equatable {
    public var items = 0
    public var bytes = 0
    public var runs = 0
    public var snoozes = 0
    public var completed = 0
    public var startedAt: Double?
    public var finishedAt: Double?
    /// CPU time the task's thread spent scanning: against `seconds`, how much of the backfill's
    /// wall time it was running rather than waiting for a core or a lock.
    public var cpuSeconds = 0.0

    public var seconds: Double? {
        guard let startedAt, let finishedAt else { return nil }
        return finishedAt - startedAt
    }
}
