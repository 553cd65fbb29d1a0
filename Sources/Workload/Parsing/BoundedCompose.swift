import Foundation
import Yams

/// `Yams.compose` with a deadline. Yams checks a mapping's keys for duplicates by hashing them
/// whole, so an alias that expands to billions of nodes used as a key spins without end, deaf to
/// signals handled in-process. Composing on a thread of its own lets the caller give up and
/// report; the thread itself cannot be stopped, which is harmless for the command line (it exits
/// on the error) and why tests feed such files to a `kvbench` process, not to the parser in-process.
enum BoundedCompose {
    enum Outcome: @unchecked Sendable {
        case composed(Node?)
        case failed(any Error)
        case timedOut
    }

    static func run(_ text: String, seconds: Double) -> Outcome {
        final class Slot: @unchecked Sendable {
            let lock = NSLock()
            var outcome: Outcome?
        }
        let slot = Slot()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let outcome: Outcome
            do { outcome = .composed(try Yams.compose(yaml: text)) } catch { outcome = .failed(error) }
            slot.lock.withLock { slot.outcome = outcome }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        guard done.wait(timeout: .now() + seconds) == .success else { return .timedOut }
        return slot.lock.withLock { slot.outcome! }
    }
}
