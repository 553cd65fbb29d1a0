#if canImport(Glibc)
import Glibc
#endif
import CThreads
import Foundation
import MemoryTracking
import Results
import Workload

/// Runs each repetition as a fresh child process (`kvbench _repetition`) under the chosen
/// allocator: the request goes to its standard input, events come back on its standard output,
/// and the last lines of its standard error are kept for failure reports. The child leads a
/// process group of its own; a timeout, the memory limit or an interrupt of kvbench stops the
/// whole group. A crash, a signal or a missing final event becomes a failed record.
public struct ChildProcessLauncher: RepetitionLauncher {
    /// The kvbench (or a stand-in) to run, and the checkout it belongs to (nil: ours).
    public let executable: String
    public let directory: String?
    let preload: AllocatorPreload
    public var limits: RepetitionLimits
    /// The signal that interrupted kvbench, or 0; polled while the child runs.
    var interruption: @Sendable () -> Int32 = { kvb_interrupt_signal() }

    init(executable: String, directory: String?, preload: AllocatorPreload, limits: RepetitionLimits) {
        self.executable = executable
        self.directory = directory
        self.preload = preload
        self.limits = limits
    }

    /// Seconds between SIGTERM and SIGKILL when a child is stopped, and seconds to wait for its
    /// output to drain once it has exited before the rest of its group is killed.
    static let grace = 2.0

    public func run(_ request: RepetitionRequest, onProgress: @escaping @Sendable (String) -> Void) -> RepetitionRecord {
        guard let scratch = ScratchDirectory.make() else {
            return failed(request, "cannot create a temporary directory in \(FileManager.default.temporaryDirectory.path)")
        }
        defer { scratch.remove() }
        let child: ChildProcess
        do throws(ChildProcess.LaunchError) {
            child = try ChildProcess.start(executable, ["_repetition"], environment: environment(for: request, scratch: scratch),
                                           directory: directory)
        } catch {
            return failed(request, "could not start \(executable): \(error)")
        }
        let events = EventReader(child.output, onProgress: onProgress)
        let tail = StderrTail(child.errors)
        if let data = try? JSONEncoder().encode(request) { try? child.input.write(contentsOf: data) }
        try? child.input.close()
        let (termination, stoppedBy) = supervise(child)
        if !(events.waitUntilDrained(seconds: Self.grace) && tail.waitUntilDrained(seconds: Self.grace)) {
            // Something the child started still holds its output open: the group is still there.
            child.signalGroup(SIGKILL)
            _ = events.waitUntilDrained(seconds: Self.grace) && tail.waitUntilDrained(seconds: Self.grace)
        }
        return record(request, termination: termination, stoppedBy: stoppedBy, final: events.final, tail: tail.text)
    }

    /// Polls the child until it ends, stopping its group on an interrupt, a timeout or the memory
    /// limit (RSS, read every 50 ms; enforced with SIGKILL, since a child over it may not get the
    /// chance to exit cleanly).
    private func supervise(_ child: ChildProcess) -> (ChildProcess.Termination, Stop?) {
        let started = MonotonicSeconds.now
        var stop: Stop?
        var stoppedAt = 0.0
        var polls = 0
        while true {
            if let termination = child.poll() { return (termination, stop) }
            polls += 1
            let now = MonotonicSeconds.now
            if stop == nil {
                let signal = interruption()
                if signal != 0 {
                    stop = .interrupted(signal)
                } else if let timeout = limits.timeout, now - started > timeout {
                    stop = .timedOut(timeout)
                } else if let limit = limits.memory, polls % 10 == 0, let resident = ProcessMemory.residentBytes(pid: child.pid),
                          resident > UInt64(limit) {
                    stop = .memory(limit: limit, resident: resident)
                }
                if let stop {
                    stoppedAt = now
                    if case .memory = stop { child.signalGroup(SIGKILL) } else { child.signalGroup(SIGTERM) }
                }
            } else if now - stoppedAt > Self.grace {
                child.signalGroup(SIGKILL)
            }
            usleep(5_000)
        }
    }

    /// Why kvbench stopped a child.
    enum Stop {
        case interrupted(Int32)
        case timedOut(Double)
        case memory(limit: Int, resident: UInt64)

        var description: String {
            switch self {
            case .interrupted(let signal): "interrupted by signal \(signal) before it completed"
            case .timedOut(let seconds): "timed out after \(seconds)s"
            case .memory(let limit, let resident):
                "exceeded the memory limit of \(Quantity.formatSize(Double(limit))) (resident \(Quantity.formatSize(Double(resident))))"
            }
        }
    }

    private func record(_ request: RepetitionRequest, termination: ChildProcess.Termination, stoppedBy: Stop?,
                        final: RepetitionEvent?, tail: String) -> RepetitionRecord {
        let details = tail.isEmpty ? "" : "\n" + tail
        if let stoppedBy {
            var record = failed(request, stoppedBy.description + (Self.isInterruption(stoppedBy) ? "" : " (killed)" + details))
            if Self.isInterruption(stoppedBy) { record.status = .interrupted }
            return record
        }
        switch (final, termination) {
        case (.finished(let record)?, .exited(0)):
            return record
        case (.failed(let message)?, _):
            return failed(request, message + details)
        case (_, .signaled(let signal)):
            return failed(request, "killed by signal \(signal)" + details)
        case (_, .exited(let status)):
            // ArgumentParser's usage status: a kvbench that takes its repetition from argv, from
            // before this protocol (e.g. an old revision under --interleave).
            let older = status == 64 ? " (a kvbench without the repetition protocol: builds older than e9e8ab4 cannot be run this way)" : ""
            return failed(request, (status == 0 ? "exited 0 but reported no result" : "exited with status \(status)\(older)") + details)
        }
    }

    private static func isInterruption(_ stop: Stop) -> Bool {
        if case .interrupted = stop { return true }
        return false
    }

    private func failed(_ request: RepetitionRequest, _ reason: String) -> RepetitionRecord {
        RepetitionRecord(index: request.index, warmup: request.warmup, status: .failed, failure: reason,
                         allocator: AllocatorRecord(kind: "unknown", path: preload.library ?? "", version: nil))
    }

    /// The child's environment: ours, with the allocator (and the CPU profiler) preloaded, a fixed
    /// hash seed (so that single-worker allocator figures repeat exactly: with a random seed,
    /// dictionaries grow and collide differently in every process), and jemalloc's thread cache
    /// off in verify mode (it must be set before jemalloc initialises), and the scratch directory
    /// as its temporary directory.
    func environment(for request: RepetitionRequest, scratch: ScratchDirectory) -> [String: String] {
        var environment = preload.environment(ProcessInfo.processInfo.environment)
        environment["TMPDIR"] = scratch.path
        environment[RepetitionExecutor.deterministicHashing] = "1"
        if request.profile?.kind == .cpu, let profiler = AllocatorPreload.profiler {
            environment["LD_PRELOAD"] = [environment["LD_PRELOAD"], profiler].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ":")
        }
        if request.verifyDomains { environment["MALLOC_CONF"] = VerifyMode.mallocConf }
        return environment
    }
}

/// Seconds on the monotonic clock.
enum MonotonicSeconds {
    static var now: Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }
}
