#if canImport(Glibc)
import Glibc
#endif
import CAllocator
import CThreads

/// The one way kvbench and the engine start an OS thread: named, and registered with domain
/// accounting before it runs anything. A thread otherwise registers at its first domain
/// switch, so one that never switches (a consumer or sampler that stays in `none`) would be in
/// no domain's figures while other threads freed what it allocated. OS threads, not Swift
/// tasks: domain state is per OS thread.
public enum TrackedThread {
    /// Starts `body` on a new thread named `name` (at most 15 bytes shown); returns its handle for
    /// `pthread_join`. `body` and what it captures are kept alive until it returns.
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) -> pthread_t {
        let start = Unmanaged.passRetained(Start(name: name, body: body))
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            kvb_thread_ensure_registered()
            let start = Unmanaged<Start>.fromOpaque(raw!).takeRetainedValue()
            kvb_set_current_thread_name(start.name)
            start.body()
            return nil
        }, start.toOpaque())
        precondition(rc == 0, "pthread_create failed: \(rc)")
        return thread
    }

    private final class Start: Sendable {
        let name: String
        let body: @Sendable () -> Void
        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }
}
