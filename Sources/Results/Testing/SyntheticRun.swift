import Foundation

/// A run shaped like a real one, for measuring kvbench's own tools (`tool_timings`) and for tests:
/// `metrics` summary metrics of three catalog families, each repetition's value its level times
/// Gaussian noise, and optionally a time series of 24 columns that, like the sampler's, are mostly
/// whole bytes and counts with a few ratios. Each `stream` draws its own seeded noise, so the
/// same parameters give the same run.
@_spi(Testing) public struct SyntheticRun: Sendable {
    public var workload: String
    public var metrics = 60
    public var repetitions = 10
    /// Time-series samples per repetition.
    public var samples = 0
    /// Multiplies every metric's value.
    public var level = 1.0
    /// Relative standard deviation of each repetition's value.
    public var noise = 0.01
    public var stream: UInt64
    public var metadata = SyntheticRun.defaultMetadata

    public static let defaultMetadata = RunMetadata(
        commit: String(repeating: "0", count: 40), dirty: false, branch: "", timestamp: "2026-01-01T00:00:00Z",
        host: HostRecord(cpuModel: "synthetic", cores: 2, memoryBytes: 0, kernel: "", hostname: "synthetic"), swiftVersion: "",
        buildConfiguration: "release", allocator: AllocatorRecord(kind: "jemalloc", path: "", version: nil), kvbenchVersion: "")

    public init(workload: String, stream: UInt64) {
        self.workload = workload
        self.stream = stream
    }

    /// The name of metric `position`: a checkpoint memory snapshot, an operation's throughput or
    /// a phase's duration, in turn.
    public static func metric(_ position: Int) -> (definition: MetricDefinition, parts: [String]) {
        switch position % 3 {
        case 0: (Metrics.checkpointMemoryAt, ["m\(position)"])
        case 1: (Metrics.operationThroughput, ["op\(position)"])
        default: (Metrics.phaseDuration, [String(position), "mutate"])
        }
    }

    public func make() -> RunResult {
        var random = SplitMix(seed: stream)
        let names = (0..<metrics).map(Self.metric)
        let allocator = metadata.allocator
        let records = (0..<repetitions).map { index in
            let values = names.enumerated().map { position, metric in
                metric.definition.value(Double(1000 + position) * level * (1 + noise * random.gaussian()), metric.parts)
            }
            let columns = (0..<24).map { "series.\($0)" }
            let timeseries = TimeSeries(metrics: columns, t: (0..<samples).map { Double($0) * 0.1 }, phase: (0..<samples).map { $0 * 4 / max(1, samples) },
                                        values: columns.indices.map { column in
                                            (0..<samples).map { _ in column < 20 ? Double(random.next() >> 32) : 1 + random.unit() }
                                        })
            return RepetitionRecord(index: index, warmup: false, status: .ok, allocator: allocator, metrics: values,
                                    phases: (0..<4).map { PhaseRecord(index: $0, kind: "mutate", start: Double($0), end: Double($0 + 1), ops: 1000) },
                                    timeseries: timeseries)
        }
        var run = RunResult(metadata: metadata, workload: WorkloadRecord(name: workload, file: "\(workload).yaml", sha256: "", text: ""),
                            command: ["kvbench"], repetitions: records)
        run.options = RunOptions(repetitions: repetitions, warmup: 0, quick: false, verifyDomains: false, profile: nil)
        return run
    }
}

/// SplitMix64 (Steele, Lea & Flood): a small seeded generator, so synthetic runs are the same
/// every time and cost no system call per value.
@_spi(Testing) public struct SplitMix: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Standard normal (Box–Muller).
    public mutating func gaussian() -> Double {
        let u = max(unit(), .leastNonzeroMagnitude), v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}
