#if canImport(Glibc)
import Glibc
#endif
import Locking
import MemoryTracking

/// Real OS threads for load generation (not Swift tasks: memory-domain state is per OS thread).
/// Starts `count` named threads running `body(worker)` and joins them all before returning the
/// results in worker order. Call from any thread; it blocks until every worker has finished.
enum WorkerThreads {
    static func run<R: Sendable>(count: Int, name: String, _ body: @escaping @Sendable (Int) -> R) -> [R] {
        let results = LockedValue<[Int: R]>([:])
        var threads: [pthread_t] = []
        for worker in 0..<count {
            threads.append(TrackedThread.start(name: "\(name)-\(worker)") {
                let value = body(worker)
                results.withLock { $0[worker] = value }
            })
        }
        for thread in threads { pthread_join(thread, nil) }
        return results.withLock { collected in (0..<count).map { collected[$0]! } }
    }
}
