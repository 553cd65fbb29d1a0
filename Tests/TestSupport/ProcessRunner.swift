import Foundation

/// Runs programs for tests: always drains standard output and standard error at the same time (a
/// program that fills one pipe while the test reads the other would block both forever), and
/// only ever waits on or signals the process it started.
public enum ProcessRunner {
    public struct Outcome: Sendable {
        public var status: Int32
        /// True when the process was killed by a signal (`status` is then the signal).
        public var signaled: Bool
        public var stdout: String
        public var stderr: String
    }

    /// Runs `executable` to completion with `input` on its standard input.
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String]? = nil, input: Data? = nil) throws -> Outcome {
        let started = try start(executable, arguments, in: directory, environment: environment, input: input)
        return started.wait()
    }

    /// Starts `executable` and returns at once: the caller may signal it (`Started.signal`) and
    /// must `wait` for it.
    public static func start(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                             environment: [String: String]? = nil, input: Data? = nil) throws -> Started {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let collected = Started(process: process, stdout: Collector(stdout.fileHandleForReading), stderr: Collector(stderr.fileHandleForReading))
        try process.run()
        if let input {
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        return collected
    }

    /// A process a test started.
    public final class Started: @unchecked Sendable {
        let process: Process
        let stdout: Collector
        let stderr: Collector

        init(process: Process, stdout: Collector, stderr: Collector) {
            self.process = process
            self.stdout = stdout
            self.stderr = stderr
        }

        public var pid: Int32 { process.processIdentifier }

        /// What it wrote to standard error so far.
        public var stderrSoFar: String { stderr.text }

        /// Sends `signal` to this process (only ever the one the test started).
        public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

        /// Waits for it to end and for both pipes to drain.
        public func wait() -> Outcome {
            process.waitUntilExit()
            stdout.waitUntilDrained()
            stderr.waitUntilDrained()
            return Outcome(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                           stdout: stdout.text, stderr: stderr.text)
        }

        /// Waits up to `seconds` for `condition` on what it wrote to standard error.
        public func waitForStderr(timeout seconds: Double, _ condition: (String) -> Bool) -> Bool {
            Poll.until(timeout: seconds) { condition(self.stderr.text) }
        }
    }

    /// Reads one pipe on its own thread until end of file.
    final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread { [self] in
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    lock.lock()
                    data.append(chunk)
                    lock.unlock()
                }
                done.signal()
            }.start()
        }

        var text: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: data, as: UTF8.self)
        }

        func waitUntilDrained() {
            done.wait()
            done.signal()
        }
    }
}

/// Waiting for a condition instead of sleeping a fixed time.
public enum Poll {
    /// Polls `condition` every 10 ms until it holds (true) or `timeout` seconds pass (false).
    public static func until(timeout: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            if Date() > deadline { return false }
            usleep(10_000)
        }
        return true
    }
}
