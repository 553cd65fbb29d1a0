#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a pthread mutex. Used instead of the standard library's `Mutex` because on
/// Linux that one is built on futexes inside an uninstrumented library, so ThreadSanitizer cannot
/// see its happens-before edges and reports every guarded access as a race; pthread mutexes are
/// intercepted by TSan, which is what lets CI prove the engine's locking.
///
/// Any thread may call `withLock`; the body runs with the lock held and must not call back into
/// the same instance (the mutex is not recursive). Do not let references to non-Sendable state
/// escape the body.
public final class LockedValue<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    public func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
