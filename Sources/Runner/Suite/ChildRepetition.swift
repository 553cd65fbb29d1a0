import CThreads
import Foundation
import MemoryTracking
import Results
import Locking
import Workload

/// Starts one repetition as a fresh child process (`kvbench _repetition …`) under the chosen
/// allocator and collects its record. Child progress lines (`progress: …` on stderr) are handed
/// to `onProgress` as they arrive; the last lines of stderr are kept for failure reports. A
/// crash, a signal or a missing/corrupt record becomes a failed `RepetitionRecord`.
struct ChildRepetition {
    static let progressPrefix = "progress: "

    let executable: String
    /// The checkout the executable belongs to (its working directory); nil = ours.
    let directory: String?
    let workloadFile: String
    let index: Int
    let warmup: Bool
    let quick: Bool
    let preload: AllocatorPreload
    var verifyDomains = false
    /// Seconds a repetition may run before it is killed and recorded as failed; nil = no limit.
    var timeout: Double?
    /// Resident bytes the child may reach before it is killed and recorded as failed; nil = no limit.
    var memoryLimit: Int?
    /// Where the child writes one profile per phase (`--profile cpu|heap`); nil = no profiling.
    var profileDirectory: String?
    var heapProfile = false

    func run(onProgress: @escaping @Sendable (String) -> Void) -> RepetitionRecord {
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("kvbench-rep-\(getpid())-\(index)-\(UInt32.random(in: 0...UInt32.max)).json")
        defer { try? FileManager.default.removeItem(at: output) }
        var arguments = ["_repetition", "--workload", workloadFile, "--index", String(index), "--output", output.path]
        if warmup { arguments.append("--warmup") }
        if quick { arguments.append("--quick") }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var environment = preload.environment(ProcessInfo.processInfo.environment)
        if let profileDirectory {
            environment[RepetitionExecutor.profileEnvironment] = profileDirectory
            environment[RepetitionExecutor.profileKindEnvironment] = heapProfile ? "heap" : "cpu"
            if !heapProfile, let profiler = AllocatorPreload.profiler {
                environment["LD_PRELOAD"] = [environment["LD_PRELOAD"], profiler].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ":")
            }
        }
        if verifyDomains {
            environment[RepetitionExecutor.verifyEnvironment] = "1"
            environment["MALLOC_CONF"] = VerifyMode.mallocConf
        }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let stderr = Pipe()
        process.standardError = stderr
        let tail = StderrTail()
        let reader = Thread {
            tail.consume(stderr.fileHandleForReading, onProgress: onProgress)
        }
        do {
            try process.run()
        } catch {
            return failed("could not start \(executable): \(error)")
        }
        reader.start()
        // Poll so that a timeout, the memory limit or an interrupt of kvbench itself can stop the
        // child. RSS is what the limit means (the machine's memory), read every 50 ms; a limit is
        // enforced with SIGKILL, since a child over it may not get the chance to exit cleanly.
        let started = Date()
        var stoppedBy: String?
        var polls = 0
        while process.isRunning {
            polls += 1
            if stoppedBy == nil, kvb_interrupt_signal() != 0 {
                stoppedBy = "interrupted"
                process.terminate()
            } else if stoppedBy == nil, let timeout, Date().timeIntervalSince(started) > timeout {
                stoppedBy = "timed out after \(timeout)s"
                process.terminate()
            } else if stoppedBy == nil, let memoryLimit, polls % 10 == 0,
                      let resident = ProcessMemory.residentBytes(pid: process.processIdentifier), resident > UInt64(memoryLimit) {
                stoppedBy = "exceeded the memory limit of \(Quantity.formatSize(Double(memoryLimit))) (resident \(Quantity.formatSize(Double(resident))))"
                kill(process.processIdentifier, SIGKILL)
            }
            usleep(5_000)
        }
        tail.waitUntilDrained()
        if stoppedBy == "interrupted" {
            var record = failed("interrupted by signal \(kvb_interrupt_signal()) before it completed")
            record.status = .interrupted
            return record
        }
        if let stoppedBy { return failed("\(stoppedBy) (killed)\n\(tail.text)") }

        if process.terminationReason == .uncaughtSignal {
            return failed("killed by signal \(process.terminationStatus)\n\(tail.text)")
        }
        guard process.terminationStatus == 0 else {
            return failed("exited with status \(process.terminationStatus)\n\(tail.text)")
        }
        do {
            let data = try Data(contentsOf: output)
            return try JSONDecoder().decode(RepetitionRecord.self, from: data)
        } catch {
            return failed("exited 0 but left no readable record (\(error))\n\(tail.text)")
        }
    }

    private func failed(_ reason: String) -> RepetitionRecord {
        RepetitionRecord(index: index, warmup: warmup, status: .failed, failure: reason,
                         allocator: AllocatorRecord(kind: "unknown", path: preload.library ?? "", version: nil))
    }
}

/// Keeps the last lines of a child's stderr and forwards its progress lines.
private final class StderrTail: Sendable {
    private static let keep = 40
    private let lines = LockedValue<[String]>([])
    private let drained = DispatchSemaphore(value: 0)

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    func consume(_ handle: FileHandle, onProgress: (String) -> Void) {
        var pending = Data()
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                receive(line, onProgress: onProgress)
            }
        }
        if !pending.isEmpty { receive(String(decoding: pending, as: UTF8.self), onProgress: onProgress) }
        drained.signal()
    }

    private func receive(_ line: String, onProgress: (String) -> Void) {
        if line.hasPrefix(ChildRepetition.progressPrefix) {
            onProgress(String(line.dropFirst(ChildRepetition.progressPrefix.count)))
            return
        }
        lines.withLock { lines in
            lines.append(line)
            if lines.count > Self.keep { lines.removeFirst(lines.count - Self.keep) }
        }
    }

    func waitUntilDrained() { drained.wait() }
}
