import Foundation
import Locking
import Results

/// Reads one of a child's output pipes on a thread of its own until end of file, line by line,
/// so that the child can never block on a full pipe however much it writes.
final class LineReader: Sendable {
    private let drained = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle, name: String, onLine: @escaping @Sendable (Data) -> Void) {
        let thread = Thread { [drained] in
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                // Only the new bytes are searched: a line of megabytes (a record with its time
                // series) arrives in many chunks and must not be rescanned for each.
                var start = pending.count
                pending.append(chunk)
                var consumed = 0
                while let newline = pending[(pending.startIndex + start)...].firstIndex(of: UInt8(ascii: "\n")) {
                    onLine(pending[(pending.startIndex + consumed)..<newline])
                    consumed = newline - pending.startIndex + 1
                    start = consumed
                }
                if consumed > 0 { pending = pending.suffix(from: pending.startIndex + consumed) }
            }
            if !pending.isEmpty { onLine(pending) }
            drained.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Whether the pipe reached end of file within `seconds` (then every line has been handled).
    func waitUntilDrained(seconds: Double) -> Bool {
        guard drained.wait(timeout: .now() + seconds) == .success else { return false }
        drained.signal()
        return true
    }
}

/// The child's event channel: progress lines are forwarded as they arrive; the final event
/// (`finished` or `failed`) is kept. A line that is not an event means the channel is broken:
/// the repetition fails, whatever else arrived.
final class EventReader: Sendable {
    private let reader: LineReader
    private let last = LockedValue<RepetitionEvent?>(nil)

    init(_ handle: FileHandle, onProgress: @escaping @Sendable (String) -> Void) {
        let last = last
        reader = LineReader(handle, name: "kvb-events") { line in
            guard let event = try? JSONDecoder().decode(RepetitionEvent.self, from: line) else {
                let text = String(decoding: line.prefix(200), as: UTF8.self)
                last.withLock { $0 = .failed("the repetition wrote something that is not an event on its channel: \(text)") }
                return
            }
            if case .progress(let message) = event { onProgress(message) } else { last.withLock { $0 = $0 ?? event } }
        }
    }

    /// The final event (a failure if the channel broke), once drained.
    var final: RepetitionEvent? { last.withLock { $0 } }

    func waitUntilDrained(seconds: Double) -> Bool { reader.waitUntilDrained(seconds: seconds) }
}

/// What a failed repetition's standard error says: the first fatal-error line and the frames
/// after it (Swift prints "Fatal error: …" or "… Swift runtime failure: …" first, then the
/// backtrace, whose last lines are registers and images — no use as a reason), and the last
/// lines, for failures without such a line.
final class StderrTail: Sendable {
    private static let keep = 20
    private static let frames = 12
    private static let markers = ["Fatal error", "fatal error", "Swift runtime failure", "Precondition failed", "Assertion failed",
                                  "Crash at", "*** Signal"]
    private struct Kept {
        var fatal: [String] = []
        var capturing = false
        var last: [String] = []
    }
    private let reader: LineReader
    private let kept = LockedValue<Kept>(Kept())

    init(_ handle: FileHandle) {
        let kept = kept
        reader = LineReader(handle, name: "kvb-stderr") { line in
            let text = String(decoding: line, as: UTF8.self)
            kept.withLock { kept in
                if kept.fatal.isEmpty && Self.markers.contains(where: text.contains) { kept.capturing = true }
                if kept.capturing {
                    kept.fatal.append(text)
                    kept.capturing = kept.fatal.count < Self.frames
                }
                kept.last.append(text)
                if kept.last.count > Self.keep { kept.last.removeFirst(kept.last.count - Self.keep) }
            }
        }
    }

    var text: String {
        kept.withLock { kept in
            guard !kept.fatal.isEmpty else { return kept.last.joined(separator: "\n") }
            let last = kept.last.drop { kept.fatal.contains($0) }
            return (kept.fatal + (last.isEmpty ? [] : ["…"] + last.suffix(5))).joined(separator: "\n")
        }
    }

    func waitUntilDrained(seconds: Double) -> Bool { reader.waitUntilDrained(seconds: seconds) }
}
