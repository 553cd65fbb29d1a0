import Foundation
import Locking

/// Progress and log lines on stderr (stdout stays free for machine-readable output). On a
/// terminal the current status is one line rewritten in place; in CI logs each finished step is
/// a line of its own. Any thread may call.
public final class Progress: Sendable {
    private let interactive: Bool
    private let statusShown = LockedValue<Bool>(false)

    public init() { interactive = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil }

    /// A transient status (shown only on a terminal).
    public func status(_ text: String) {
        guard interactive else { return }
        statusShown.withLock { shown in
            let width = 100
            let clipped = text.count > width ? String(text.prefix(width - 1)) + "…" : text
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + clipped).utf8))
            shown = true
        }
    }

    /// A line that stays.
    public func line(_ text: String) {
        statusShown.withLock { shown in
            let prefix = shown ? "\r\u{1B}[K" : ""
            FileHandle.standardError.write(Data((prefix + text + "\n").utf8))
            shown = false
        }
    }
}
