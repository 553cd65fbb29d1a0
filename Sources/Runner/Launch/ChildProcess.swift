#if canImport(Glibc)
import Glibc
#endif
import CThreads
import Foundation

/// A child process started as the leader of a process group of its own, with pipes on its
/// standard input, output and error, so that whatever it starts in turn can be stopped with it.
/// The owner reaps it with `poll`; it may signal the whole group until then, and afterwards only
/// while the group still holds the child's pipes open (so the group id cannot have been reused).
final class ChildProcess: Sendable {
    enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
    }

    struct LaunchError: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    /// The write end of the child's standard input.
    let input: FileHandle
    /// The read ends of its standard output and error.
    let output: FileHandle
    let errors: FileHandle

    private init(pid: pid_t, input: FileHandle, output: FileHandle, errors: FileHandle) {
        self.pid = pid
        self.input = input
        self.output = output
        self.errors = errors
    }

    /// Starts `executable` with `arguments` (not including argv[0]) in `directory` (nil: ours).
    static func start(_ executable: String, _ arguments: [String], environment: [String: String],
                      directory: String?) throws(LaunchError) -> ChildProcess {
        var pipes: [[Int32]] = []
        for _ in 0..<3 {
            var ends: [Int32] = [-1, -1]
            guard kvb_pipe_cloexec(&ends) == 0 else {
                pipes.joined().forEach { close($0) }
                throw LaunchError(description: "cannot create a pipe: \(String(cString: strerror(errno)))")
            }
            pipes.append(ends)
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        let pid = kvb_spawn(executable, argv, envp, directory, pipes[0][0], pipes[1][1], pipes[2][1])
        // The child's ends belong to the child now.
        [pipes[0][0], pipes[1][1], pipes[2][1]].forEach { close($0) }
        guard pid > 0 else {
            [pipes[0][1], pipes[1][0], pipes[2][0]].forEach { close($0) }
            throw LaunchError(description: "cannot start \(executable): \(String(cString: strerror(-pid)))")
        }
        return ChildProcess(pid: pid, input: FileHandle(fileDescriptor: pipes[0][1], closeOnDealloc: true),
                            output: FileHandle(fileDescriptor: pipes[1][0], closeOnDealloc: true),
                            errors: FileHandle(fileDescriptor: pipes[2][0], closeOnDealloc: true))
    }

    /// Sends `signal` to every process in the child's group.
    func signalGroup(_ signal: Int32) { kill(-pid, signal) }

    /// How the child ended (reaping it), or nil while it runs.
    func poll() -> Termination? {
        var status: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(pid, &status, WNOHANG) } while reaped < 0 && errno == EINTR
        guard reaped == pid else { return nil }
        return status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
    }
}
