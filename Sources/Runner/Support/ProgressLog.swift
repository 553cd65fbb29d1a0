import Foundation
import Locking
import Results

/// Progress and log lines on stderr (stdout stays free for machine-readable output). On a
/// terminal the current status is one line rewritten in place; in CI logs each finished step is
/// a line of its own. Any thread may call.
public final class ProgressLog: Sendable {
    private let interactive: Bool
    private let write: @Sendable (String) -> Void
    private let statusShown = LockedValue<Bool>(false)

    /// Writes to standard error, with a live status line when that is a terminal outside CI.
    public convenience init() {
        self.init(interactive: isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil) {
            FileHandle.standardError.write(Data($0.utf8))
        }
    }

    /// Writes through `write` (tests collect the lines).
    public init(interactive: Bool, write: @escaping @Sendable (String) -> Void) {
        self.interactive = interactive
        self.write = write
    }

    /// A transient status (shown only on a terminal).
    public func status(_ text: String) {
        guard interactive else { return }
        statusShown.withLock { shown in
            let width = 100
            let clipped = text.count > width ? String(text.prefix(width - 1)) + "…" : text
            write("\r\u{1B}[K" + clipped)
            shown = true
        }
    }

    /// A line that stays.
    public func line(_ text: String) {
        statusShown.withLock { shown in
            let prefix = shown ? "\r\u{1B}[K" : ""
            write(prefix + TerminalText.printable(text) + "\n")
            shown = false
        }
    }
}
