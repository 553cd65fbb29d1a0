import DequeModule
import Locking
import Synchronization

/// A producer's backfills (ep-engine's `BackfillManager`): new backfills wait in `pending` until
/// the per-connection (`dcp_backfill_in_progress_per_connection_limit`) and bucket-wide limits
/// allow them, then go `initializing` (snapshot marker) → `active` (scanning, round robin) →
/// done; a backfill that must wait (buffer full, memory high) is `snoozing`. One run scans at
/// most `dcp_scan_byte_limit` bytes, `dcp_scan_item_limit` items or
/// `dcp_backfill_run_duration_limit`. A backfill whose stream died is cancelled at the next run,
/// buffer full or not (MB-62703), and gives its slot back.
///
/// The buffer is charged before a batch reaches the stream, so the front end can never release
/// what was not yet charged; releasing more than was charged is an error the producer reports
/// (it fails the repetition) rather than a count clamped at zero.
///
/// Its task (auxIO) holds the manager weakly and does nothing once the manager is gone or
/// cancelled; `cancel()` waits for a scan in progress, so no scan runs after it returns. Going
/// away cancels too, as ep-engine's `~BackfillManager` does: a producer released without
/// `close()` gives back its slots.
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
        var overDrains: [String] = []
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

    /// Front end: items from a backfill were sent; a buffer that drops below 75% resumes backfills.
    func sent(_ size: Int) {
        let resumed = state.withLock { state -> Bool in
            let wasFull = state.buffer.isFull
            if !state.buffer.recordSent(size) {
                state.overDrains.append("backfill buffer released \(size) bytes with only \(state.buffer.bytes) charged")
            }
            return wasFull && !state.buffer.isFull
        }
        if resumed { wake() }
    }

    /// Releases of the buffer beyond what was charged (accounting errors), in words.
    var overDrains: [String] { state.withLock { $0.overDrains } }

    /// Cancels every backfill and the task; returns once no scan is running.
    func cancel() {
        cancelled.withLock { cancelled in
            guard !cancelled else { return }
            cancelled = true
            let (running, waiting) = state.withLock { state -> (Int, Int) in
                let running = state.initializing.count + state.active.count + state.snoozing.count
                let waiting = state.pending.count
                state.pending = []
                state.initializing = []
                state.active = []
                state.snoozing = []
                return (running, waiting)
            }
            bucket.activeBackfills.subtract(running, ordering: .relaxed)
            bucket.cancelledBackfills.add(running + waiting, ordering: .relaxed)
        }
        if let task = task.withLock({ $0 }) { bucket.executor.cancel(task) }
    }

    deinit { cancel() }

    /// Cancels the backfills of streams that died (their consumer closed them, or they ended),
    /// wherever they wait, and gives their slots back.
    private func cancelDeadBackfills() {
        let (running, waiting) = state.withLock { state -> (Int, Int) in
            let alive = { (backfill: Backfill) in backfill.stream.phase != .dead }
            let before = state.initializing.count + state.active.count + state.snoozing.count
            let pendingBefore = state.pending.count
            state.initializing = Deque(state.initializing.filter(alive))
            state.active = Deque(state.active.filter(alive))
            state.snoozing = Deque(state.snoozing.filter(alive))
            state.pending = Deque(state.pending.filter(alive))
            return (before - state.initializing.count - state.active.count - state.snoozing.count, pendingBefore - state.pending.count)
        }
        if running > 0 { bucket.activeBackfills.subtract(running, ordering: .relaxed) }
        if running + waiting > 0 { bucket.cancelledBackfills.add(running + waiting, ordering: .relaxed) }
    }

    var stats: BackfillStats { state.withLock { $0.stats } }
    var bufferFullEvents: Int { state.withLock { $0.buffer.fullEvents } }
    var bufferBytes: Int { state.withLock { $0.buffer.bytes } }

    /// One run of the task: admit pending backfills, then scan one chunk of the first active one.
    private func run(_ task: EngineTask) -> Bool {
        cancelled.withLock { cancelled in
            guard !cancelled else { return false }
            state.withLock { $0.stats.runs += 1 }
            cancelDeadBackfills()
            admitPending()
            if Double(bucket.memory.estimated) >= Self.memoryThreshold * Double(bucket.quota.maxSize) {
                state.withLock { $0.stats.snoozes += 1 }
                task.snooze(bucket.configuration.backfillMemorySnooze)
                return true
            }
            let next = state.withLock { state -> Backfill? in
                while let snoozed = state.snoozing.popFirst() { state.active.append(snoozed) }
                while let initializing = state.initializing.popFirst() {
                    // The marker goes through the buffer like the documents it announces.
                    let marker = DcpMessage.snapshotMarker(vbid: initializing.stream.vbid, start: initializing.range.lowerBound,
                                                           end: initializing.range.upperBound, fromDisk: true)
                    state.buffer.recordRead(marker.size)
                    initializing.stream.pushBackfilled([marker])
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
        let deadline = MonotonicClock.now + bucket.configuration.backfillRunDurationLimit
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
                if bytes >= Self.scanByteLimit || batch.count >= Self.scanItemLimit || buffer.isFull
                    || (batch.count % 64 == 0 && MonotonicClock.now >= deadline) {
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
        let finished = !stoppedEarly || current.nextSeqno > backfill.range.upperBound
        // Charged before the stream (and so the front end) can see the batch: a release can never
        // come before its charge (the drift that stalled a CI run: bytes released before being
        // charged were clamped away, the charge then left the buffer full for ever).
        state.withLock { $0.buffer.recordRead(bytes) }
        backfill.stream.pushBackfilled(batch)
        state.withLock { state in
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
