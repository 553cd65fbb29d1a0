#if canImport(Glibc)
import Glibc
#endif
import MemoryTracking

/// Named pools of real threads running `EngineTask`s in due-time order. Shutdown cancels every
/// task and joins every thread; a task's body is never running after `shutdown()` returns.
/// Any thread may schedule, wake or cancel. Uses pthread mutex/condition variables (visible to
/// ThreadSanitizer).
public final class TaskExecutor: Sendable {
    private let pools: [TaskPoolKind: TaskPoolThreads]

    /// Threads per pool; ep-engine sizes these from the CPU count, small numbers suffice here.
    public init(threads: [TaskPoolKind: Int] = [.reader: 1, .writer: 1, .auxIO: 1, .nonIO: 1]) {
        var pools: [TaskPoolKind: TaskPoolThreads] = [:]
        for kind in TaskPoolKind.allCases {
            pools[kind] = TaskPoolThreads(kind: kind, threads: max(1, threads[kind] ?? 1))
        }
        self.pools = pools
    }

    /// Schedules `task` to run after `delay` seconds.
    public func schedule(_ task: EngineTask, after delay: Double = 0) {
        pools[task.pool]!.schedule(task, due: MonotonicClock.now + delay)
    }

    /// Makes a scheduled task due now (a running one runs again as soon as it finishes).
    public func wake(_ task: EngineTask) { pools[task.pool]!.wake(task) }

    /// Removes the task; a run in progress completes but is not repeated.
    public func cancel(_ task: EngineTask) { pools[task.pool]!.cancel(task) }

    public var stats: [TaskStats] {
        TaskPoolKind.allCases.flatMap { pools[$0]!.stats }
    }

    /// Tasks still scheduled or running, by name.
    public var liveTaskNames: [String] {
        TaskPoolKind.allCases.flatMap { pools[$0]!.liveTaskNames }.sorted()
    }

    /// Cancels every task and joins every thread. Idempotent.
    public func shutdown() {
        for pool in pools.values { pool.shutdown() }
    }

    deinit { shutdown() }
}

/// Seconds on a monotonic clock, for due times; and the calling thread's CPU time.
enum MonotonicClock {
    static var now: Double { seconds(CLOCK_MONOTONIC) }

    static var threadCPU: Double { seconds(CLOCK_THREAD_CPUTIME_ID) }

    private static func seconds(_ clock: clockid_t) -> Double {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }
}

/// One pool: its threads, its tasks and their schedule, all under one pthread mutex.
private final class TaskPoolThreads: @unchecked Sendable {
    private struct Entry {
        var task: EngineTask
        var due: Double
        var running = false
        var wokenWhileRunning = false
        var cancelled = false
        var stats: TaskStats
    }

    let kind: TaskPoolKind
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var entries: [ObjectIdentifier: Entry] = [:]
    /// Retired tasks' figures folded by name, as kv_engine keeps them per task type: one-shot tasks
    /// (stats commands, backfills) must not grow the executor without bound.
    private var retired: [String: TaskStats] = [:]
    private var stopping = false
    private var threads: [pthread_t] = []

    init(kind: TaskPoolKind, threads count: Int) {
        self.kind = kind
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
        for index in 0..<count {
            threads.append(TrackedThread.start(name: "\(kind.rawValue)-\(index)") { self.loop() })
        }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    private func locked<R>(_ body: () -> R) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    func schedule(_ task: EngineTask, due: Double) {
        locked {
            guard !stopping else { return }
            let id = ObjectIdentifier(task)
            if entries[id] != nil {
                entries[id]!.due = min(entries[id]!.due, due)
            } else {
                entries[id] = Entry(task: task, due: due, stats: TaskStats(name: task.name, pool: kind, runs: 0, totalRuntime: 0,
                                                                          totalSchedulingDelay: 0, maxSchedulingDelay: 0))
            }
            pthread_cond_broadcast(condition)
        }
    }

    func wake(_ task: EngineTask) {
        locked {
            let id = ObjectIdentifier(task)
            guard entries[id] != nil else { return }
            if entries[id]!.running { entries[id]!.wokenWhileRunning = true }
            entries[id]!.due = min(entries[id]!.due, MonotonicClock.now)
            pthread_cond_broadcast(condition)
        }
    }

    func cancel(_ task: EngineTask) {
        locked {
            let id = ObjectIdentifier(task)
            guard let entry = entries[id] else { return }
            if entry.running {
                entries[id]!.cancelled = true
            } else {
                retire(entry.stats)
                entries[id] = nil
            }
        }
    }

    /// One line per task name: retired runs and those of live tasks of the same name together.
    var stats: [TaskStats] {
        let byName = locked {
            entries.values.reduce(into: retired) { byName, entry in byName[entry.stats.name, default: entry.stats.zeroed].absorb(entry.stats) }
        }
        return byName.values.sorted { $0.name < $1.name }
    }

    /// Under the mutex.
    private func retire(_ stats: TaskStats) {
        retired[stats.name, default: stats.zeroed].absorb(stats)
    }

    var liveTaskNames: [String] { locked { entries.values.map(\.task.name) } }

    func shutdown() {
        let toJoin: [pthread_t] = locked {
            stopping = true
            pthread_cond_broadcast(condition)
            defer { threads = [] }
            return threads
        }
        for thread in toJoin { pthread_join(thread, nil) }
        locked {
            entries.values.forEach { retire($0.stats) }
            entries = [:]
        }
    }

    /// A pool thread: runs due tasks until the pool stops.
    fileprivate func loop() {
        pthread_mutex_lock(mutex)
        // A guard per turn, not one around the loop: the domain is credited as each turn ends, and
        // a task the turn retires — the bucket's — is released in the bucket's domain.
        while !stopping { DomainGuard.run(.primary) { turn() } }
        pthread_mutex_unlock(mutex)
    }

    /// Under the mutex (released while the task runs): take the earliest due task, run it,
    /// reschedule or retire it — or wait for one to become due.
    private func turn() {
        let now = MonotonicClock.now
        let due = entries.filter { !$0.value.running }.min { $0.value.due < $1.value.due }
        guard let (id, entry) = due, entry.due <= now else {
            if let next = due?.value.due {
                var deadline = timespec(tv_sec: Int(next), tv_nsec: Int((next - Double(Int(next))) * 1e9))
                pthread_cond_timedwait(condition, mutex, &deadline)
            } else {
                pthread_cond_wait(condition, mutex)
            }
            return
        }
        entries[id]!.running = true
        entries[id]!.wokenWhileRunning = false
        let task = entry.task
        let delay = max(0, now - entry.due)
        pthread_mutex_unlock(mutex)

        task.requestedSnooze.store(-1, ordering: .relaxed)
        let started = MonotonicClock.now
        let again = task.body(task)
        let runtime = MonotonicClock.now - started
        let snooze = task.requestedSnooze.load(ordering: .relaxed)

        pthread_mutex_lock(mutex)
        guard var current = entries[id] else { return }
        current.running = false
        current.stats.runs += 1
        current.stats.totalRuntime += runtime
        current.stats.totalSchedulingDelay += delay
        current.stats.maxSchedulingDelay = max(current.stats.maxSchedulingDelay, delay)
        if !again || current.cancelled || stopping {
            retire(current.stats)
            entries[id] = nil
            return
        }
        let end = MonotonicClock.now
        current.due = current.wokenWhileRunning || snooze < 0 ? end : end + Double(snooze) / 1e9
        entries[id] = current
    }
}
