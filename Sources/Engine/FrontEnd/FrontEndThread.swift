#if canImport(Glibc)
import Glibc
#endif
import MemoryTracking

/// A memcached-style front-end worker thread: it owns its connections, and everything written to
/// a connection is written here. Other threads hand it work with `post(_:)` (that is how a
/// background task's `notifyIOComplete` resumes a command). Work runs in the Primary domain, in
/// order. `stop()` runs what is queued, then joins the thread.
public final class FrontEndThread: @unchecked Sendable {
    public let name: String
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [@Sendable () -> Void] = []
    private var stopping = false
    private var thread = pthread_t()

    public init(name: String) {
        self.name = name
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        thread = TrackedThread.start(name: name) { self.loop() }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// True on this front-end thread itself.
    public var isCurrent: Bool { pthread_equal(pthread_self(), thread) != 0 }

    /// Queues work to run on this thread. Safe from any thread.
    public func post(_ work: @escaping @Sendable () -> Void) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard !stopping else { return }
        queue.append(work)
        pthread_cond_signal(condition)
    }

    /// Runs the queued work, then stops and joins the thread. Call from another thread, once.
    public func stop() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
        pthread_join(thread, nil)
    }

    private func loop() {
        while true {
            pthread_mutex_lock(mutex)
            while queue.isEmpty && !stopping { pthread_cond_wait(condition, mutex) }
            if queue.isEmpty && stopping {
                pthread_mutex_unlock(mutex)
                return
            }
            var work = queue
            queue = []
            pthread_mutex_unlock(mutex)
            // The work and its captures are released in Primary too, where they were allocated.
            DomainGuard.run(.primary) {
                for item in work { item() }
                work = []
            }
        }
    }
}
