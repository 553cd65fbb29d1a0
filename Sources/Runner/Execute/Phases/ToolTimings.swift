import Foundation
import Results
import Workload

/// How fast kvbench itself is at the jobs its users wait for: validating every shipped workload
/// and comparing two result sets (timed as the commands a user types, process start included),
/// and writing the reports of a run with 10 repetitions of 10k samples (timed in process).
/// Each is reported beside its budget (what users may wait: the performance issue's targets), and
/// the commands beside the start of a kvbench process that does nothing (`kvbench --version`),
/// the part no command can avoid. Called by the `tool_timings` phase on the thread driving the phases.
enum ToolTimings {
    struct Figure {
        var name: String
        var seconds: Double
        var budget: Double
    }

    struct Figures {
        var startupSeconds: Double
        var timed: [Figure]
    }

    static func measure(workloads: String, executable: String, renderReports: @Sendable (RunResult) -> Void) throws -> Figures {
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
                let run = synthetic(workload: "w\(workload)", repetitions: 10, samples: 0, shift: side == "base" ? 1 : 1.01,
                                    stream: stream * 20 + workload)
                let directory = scratch.appendingPathComponent(side).appendingPathComponent(run.workload.name)
                try ResultStore.writeAtomically(try ResultStore.encode(run), to: directory.appendingPathComponent(ResultStore.runFileName))
            }
        }
        let compare = try time(executable, ["compare", scratch.appendingPathComponent("base").path, scratch.appendingPathComponent("candidate").path],
                               errors: errors)

        let large = synthetic(workload: "report", repetitions: 10, samples: 10_000, shift: 1, stream: 40)
        let started = Date()
        renderReports(large)
        let report = Date().timeIntervalSince(started)
        return Figures(startupSeconds: startup, timed: [Figure(name: "validate", seconds: validate, budget: 0.1),
                                                        Figure(name: "compare", seconds: compare, budget: 1),
                                                        Figure(name: "report", seconds: report, budget: 1)])
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

    /// A run shaped like a real one: 60 metrics of every kind per repetition (a little noise,
    /// scaled by `shift`) and, when asked, a time series of 24 metrics which, like the sampler's,
    /// are mostly whole bytes and counts with a few ratios. Each `stream` draws its own noise.
    private static func synthetic(workload: String, repetitions: Int, samples: Int, shift: Double, stream: Int) -> RunResult {
        // Seeded: the system generator makes a getrandom call per value, which was half of this
        // phase's CPU profile (untimed, but it made the phase slow) — and runs should be alike.
        var random = RandomSource.stream(seed: 7, phase: 0, worker: stream)
        let kinds: [(MetricDefinition, (Int) -> [String])] = [
            (Metrics.checkpointMemoryAt, { ["m\($0)"] }), (Metrics.operationThroughput, { ["op\($0)"] }),
            (Metrics.phaseDuration, { [String($0), "mutate"] }),
        ]
        let records = (0..<repetitions).map { index in
            let metrics = (0..<60).map { position in
                let (definition, parts) = kinds[position % 3]
                return MetricValue(name: definition.name(parts(position)), unit: definition.unit.rawValue, direction: definition.direction,
                                   value: Double(1000 + position) * shift * Double.random(in: 0.98...1.02, using: &random))
            }
            let series = (0..<24).map { "series.\($0)" }
            let timeseries = TimeSeries(metrics: series, t: (0..<samples).map { Double($0) * 0.1 }, phase: (0..<samples).map { $0 * 4 / max(1, samples) },
                                        values: series.indices.map { column in
                                            (0..<samples).map { _ in
                                                column < 20 ? Double(Int.random(in: 0...1 << 32, using: &random)) : Double.random(in: 1...2, using: &random)
                                            }
                                        })
            return RepetitionRecord(index: index, warmup: false, status: .ok, allocator: AllocatorRecord(kind: "jemalloc", path: "", version: nil),
                                    metrics: metrics, phases: (0..<4).map { PhaseRecord(index: $0, kind: "mutate", start: Double($0), end: Double($0 + 1), ops: 1000) },
                                    timeseries: timeseries)
        }
        let metadata = RunMetadata(commit: "0000000000000000000000000000000000000000", dirty: false, branch: "", timestamp: "2026-01-01T00:00:00Z",
                                   host: HostRecord(cpuModel: "", cores: 2, memoryBytes: 0, kernel: "", hostname: ""), swiftVersion: "",
                                   buildConfiguration: "release", allocator: AllocatorRecord(kind: "jemalloc", path: "", version: nil), kvbenchVersion: "")
        return RunResult(metadata: metadata, workload: WorkloadRecord(name: workload, file: "\(workload).yaml", sha256: "", text: ""),
                         command: ["kvbench"], repetitions: records)
    }
}
