import Foundation
@_spi(Testing) import Results

/// How fast kvbench itself is at the jobs its users wait for: validating every shipped workload
/// and comparing two result sets (timed as the commands a user types, process start included),
/// writing the reports of a run with 10 repetitions of 10k samples (timed in process), and the
/// history and dashboard of a branch of 500 commits × 10 workloads (as commands, on a synthetic
/// store made untimed beforehand with its index). Each is reported beside its budget (what users
/// may wait: the performance issues' targets), the commands beside the start of a kvbench process
/// that does nothing (`kvbench --version`), the part no command can avoid, and history and
/// dashboard beside reading the same series from the index alone (`kvbench index show`), the part
/// they cannot avoid. Called by the `tool_timings` phase on the thread driving the phases.
enum ToolTimings {
    struct Figure {
        var name: String
        var seconds: Double
        var budget: Double
        /// For history and dashboard: their time over reading the index alone.
        var indexRatio: Double?
    }

    struct Figures {
        var startupSeconds: Double
        var indexReadSeconds: Double
        var timed: [Figure]
    }

    /// The synthetic store history and dashboard are timed on.
    static let storeCommits = 500, storeWorkloads = 10, storeBranch = "main"

    /// `historyCommits`: the synthetic branch's length (a tenth under `--quick`).
    static func measure(workloads: String, executable: String, historyCommits: Int, renderReports: @Sendable (RunResult) -> Void) throws -> Figures {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kvbench-tool-timings-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let directories = [workloads] + ((try? FileManager.default.contentsOfDirectory(atPath: workloads)) ?? []).sorted()
            .map { (workloads as NSString).appendingPathComponent($0) }
            .filter { (try? FileManager.default.contentsOfDirectory(atPath: $0))?.contains { $0.hasSuffix(".yaml") } ?? false }
        let errors = scratch.appendingPathComponent("stderr").path
        let startup = try time(executable, ["--version"], errors: errors)
        let validate = try time(executable, ["validate"] + directories, errors: errors)

        for (stream, side) in ["base", "candidate"].enumerated() {
            for workload in 0..<20 {
                var synthetic = SyntheticRun(workload: "w\(workload)", stream: UInt64(stream * 20 + workload))
                synthetic.level = side == "base" ? 1 : 1.01
                let run = synthetic.make()
                let directory = scratch.appendingPathComponent(side).appendingPathComponent(run.workload.name)
                try ResultStore.writeAtomically(try ResultStore.encode(run), to: directory.appendingPathComponent(ResultStore.runFileName))
            }
        }
        let compare = try time(executable, ["compare", scratch.appendingPathComponent("base").path, scratch.appendingPathComponent("candidate").path],
                               errors: errors)

        var large = SyntheticRun(workload: "report", stream: 40)
        large.samples = 10_000
        let started = Date()
        renderReports(large.make())
        let report = Date().timeIntervalSince(started)

        let store = scratch.appendingPathComponent("store").path
        _ = try time(executable, ["_synthetic-store", store, "--commits", String(historyCommits), "--workloads", String(storeWorkloads),
                                  "--branch", storeBranch], errors: errors)
        let branch = ["--results", store, "--branch", storeBranch]
        let indexRead = try time(executable, ["index", "show"] + branch, errors: errors)
        let history = try time(executable, ["history"] + branch, errors: errors)
        let dashboard = try time(executable, ["dashboard"] + branch + ["--output", scratch.appendingPathComponent("dashboard.html").path], errors: errors)
        return Figures(startupSeconds: startup, indexReadSeconds: indexRead,
                       timed: [Figure(name: "validate", seconds: validate, budget: 0.1), Figure(name: "compare", seconds: compare, budget: 1),
                               Figure(name: "report", seconds: report, budget: 1),
                               Figure(name: "history", seconds: history, budget: 2, indexRatio: history / indexRead),
                               Figure(name: "dashboard", seconds: dashboard, budget: 2, indexRatio: dashboard / indexRead)])
    }

    /// Wall time of one kvbench command, started with `posix_spawn` as a shell would: Foundation's
    /// `Process` added ~50 ms to every command from inside a repetition (measured: `kvbench
    /// --version` 18 ms spawned, 70 ms through `Process`), which no user waits for. The command
    /// must succeed (compare exits 0 or 4 with only inconclusive results, which is not a failure
    /// of the tool); its stderr goes to `errors` for the message when it does not.
    private static func time(_ executable: String, _ arguments: [String], errors: String) throws -> Double {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        let started = Date()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw ToolFailure(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let seconds = Date().timeIntervalSince(started)
        let exited = status & 0x7f == 0
        guard exited, [0, 1, 4].contains((status >> 8) & 0xff) else {
            let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            let how = exited ? "exited \((status >> 8) & 0xff)" : "was killed by signal \(status & 0x7f)"
            throw ToolFailure(description: "kvbench \(arguments.joined(separator: " ")) \(how): \(message)")
        }
        return seconds
    }

    struct ToolFailure: Error, CustomStringConvertible { var description: String }
}
