#if canImport(Glibc)
import Glibc
#endif
import CThreads
import Foundation
import Results
import Workload

/// The child side of `kvbench run`, behind the hidden `_repetition` command: reads one
/// `RepetitionRequest` from standard input, runs it, and reports `RepetitionEvent`s on the
/// channel. Standard output is the channel; anything else the process prints goes to stderr, so
/// a stray write can never corrupt it.
public enum RepetitionMain {
    public static func run(services: RepetitionServices) -> ExitStatus {
        let channel = EventChannel()
        let request: RepetitionRequest
        do {
            request = try JSONDecoder().decode(RepetitionRequest.self, from: FileHandle.standardInput.readDataToEndOfFile())
        } catch {
            channel.send(.failed("the repetition request on standard input is unreadable: \(error)"))
            return .usage
        }
        guard kvb_die_with_parent(request.parent) == 0 else {
            channel.send(.failed("started by process \(getppid()), not by kvbench (pid \(request.parent)), which may be gone"))
            return .runFailure
        }
        guard SHA256.hex(Array(request.workload.text.utf8)) == request.workload.sha256 else {
            channel.send(.failed("the workload text does not match its hash"))
            return .usage
        }
        let workload: Workload
        do throws(WorkloadError) {
            let parsed = try WorkloadParser.parse(request.workload.text, file: request.workload.path,
                                                  overrides: request.workload.overrides, point: request.workload.point)
            workload = request.quick ? parsed.quick() : parsed
        } catch {
            channel.send(.failed("\(error)"))
            return .usage
        }
        let executor = RepetitionExecutor(workload: workload, request: request, services: services) { channel.send(.progress($0)) }
        do {
            channel.send(.finished(try executor.run()))
            return .success
        } catch {
            channel.send(.failed("\(error)"))
            return .runFailure
        }
    }
}

/// The child's end of the event channel: the original standard output, which is then pointed at
/// standard error. One JSON line per event, sent from the thread driving the repetition.
private final class EventChannel: Sendable {
    private let descriptor: Int32

    init() {
        descriptor = dup(STDOUT_FILENO)
        dup2(STDERR_FILENO, STDOUT_FILENO)
    }

    func send(_ event: RepetitionEvent) {
        var line: Data
        do {
            line = try JSONEncoder().encode(event)
        } catch {
            // A figure JSON cannot carry (NaN, infinity): say so rather than leave the parent guessing.
            line = (try? JSONEncoder().encode(RepetitionEvent.failed("the repetition's record could not be encoded: \(error)"))) ?? Data()
        }
        line.append(UInt8(ascii: "\n"))
        line.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
