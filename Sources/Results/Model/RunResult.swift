/// The versioned content of `run.json`: metadata, the workload as it was run, and every
/// repetition's raw values and time series. Readers reject another major version.
public struct RunResult: Codable, Sendable, Equatable {
    public static let currentSchema = SchemaVersion(major: 1, minor: 3)

    public var schema: SchemaVersion
    public var metadata: RunMetadata
    public var workload: WorkloadRecord
    /// argv that reproduces the run (the parent's command line).
    public var command: [String]
    public var repetitions: [RepetitionRecord]
    /// The workload's `thresholds` block (metric name or `prefix.*` → threshold); added in 1.1.
    public var thresholds: [String: Threshold]?
    /// True when the run was stopped by a signal: the repetitions present are what completed.
    public var interrupted: Bool?
    /// The repetitions planned and the measuring options (added in 1.3).
    public var options: RunOptions?
    /// The workload's `gate:` and `advisory:` lists (added in 1.3; absent when it had neither).
    public var gate: GateSelection?

    public init(metadata: RunMetadata, workload: WorkloadRecord, command: [String], repetitions: [RepetitionRecord],
                thresholds: [String: Threshold]? = nil) {
        schema = Self.currentSchema
        self.thresholds = thresholds
        self.metadata = metadata
        self.workload = workload
        self.command = command
        self.repetitions = repetitions
    }

    /// Repetitions that count: completed and not warm-up.
    public var measured: [RepetitionRecord] { repetitions.filter { !$0.warmup && $0.status == .ok } }
}

public struct SchemaVersion: Codable, Sendable, Equatable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }
    public var description: String { "\(major).\(minor)" }
}

public struct WorkloadRecord: Codable, Sendable, Equatable {
    public var name: String
    public var file: String
    /// SHA-256 of the file's bytes, hex.
    public var sha256: String
    public var text: String
    /// `--set path=value` overrides the text was read with (nil: none, or an older kvbench).
    public var overrides: [String]?
    /// For a matrix point: the file's `name:` and the point's `parameter=value` assignments.
    public var sweep: String?
    public var matrix: [String]?
    /// The point's position in the matrix's grid: the order it declares.
    public var matrixIndex: Int?

    public init(name: String, file: String, sha256: String, text: String, overrides: [String]? = nil, sweep: String? = nil,
                matrix: [String]? = nil, matrixIndex: Int? = nil) {
        self.name = name
        self.file = file
        self.sha256 = sha256
        self.text = text
        self.overrides = overrides
        self.sweep = sweep
        self.matrix = matrix
        self.matrixIndex = matrixIndex
    }
}

/// One repetition as the child process reported it (or as the parent saw it fail).
public struct RepetitionRecord: Codable, Sendable, Equatable {
    /// `interrupted`: stopped by SIGINT/SIGTERM before it completed (not counted, not a failure).
    public enum Status: String, Codable, Sendable { case ok, failed, interrupted }

    public var index: Int
    public var warmup: Bool
    public var status: Status
    /// For failures: how the child ended and the tail of what it wrote to stderr.
    public var failure: String?
    public var allocator: AllocatorRecord
    public var metrics: [MetricValue]
    public var phases: [PhaseRecord]
    public var markers: [Marker]
    public var timeseries: TimeSeries
    /// Figures that could not be measured, with the reason (never reported as zero).
    public var unavailable: [String]
    /// Per phase and operation latency percentiles (added in schema 1.1).
    public var latencies: [LatencyRecord]?
    /// CPU profiles written per phase with `--profile cpu` (added in schema 1.1).
    public var profiles: [ProfileRecord]?
    /// Where the engine's `mem_used` came from: `allocator` (per-domain counters) or `engine`
    /// (its own accounting, when the allocator has no per-domain counters); added in 1.2.
    public var memUsedSource: String?
    /// Whether the repetition ran with Swift's deterministic hashing (SWIFT_DETERMINISTIC_HASHING),
    /// which makes allocator figures of single-worker phases exactly repeatable; added in 1.2.
    public var deterministicHashing: Bool?

    public init(index: Int, warmup: Bool, status: Status, failure: String? = nil, allocator: AllocatorRecord,
                metrics: [MetricValue] = [], phases: [PhaseRecord] = [], markers: [Marker] = [],
                timeseries: TimeSeries = TimeSeries(), unavailable: [String] = [], latencies: [LatencyRecord]? = nil) {
        self.latencies = latencies
        self.index = index
        self.warmup = warmup
        self.status = status
        self.failure = failure
        self.allocator = allocator
        self.metrics = metrics
        self.phases = phases
        self.markers = markers
        self.timeseries = timeseries
        self.unavailable = unavailable
    }

    public func metric(_ name: String) -> MetricValue? { metrics.first { $0.name == name } }
}

public struct AllocatorRecord: Codable, Sendable, Equatable {
    public var kind: String
    public var path: String
    public var version: String?
    public init(kind: String, path: String, version: String?) {
        self.kind = kind
        self.path = path
        self.version = version
    }
}

public struct PhaseRecord: Codable, Sendable, Equatable {
    /// `3:mutate`, or `3.1.0:mutate` inside a parallel branch.
    public var label: String { "\(path ?? String(index)):\(kind)" }

    public var index: Int
    public var kind: String
    /// Seconds since the repetition's clock started.
    public var start: Double
    public var end: Double
    public var ops: Int
    /// For phases inside `parallel` branches: `<top>.<branch>.<position>`; nil at the top level.
    public var path: String?
    public init(index: Int, kind: String, start: Double, end: Double, ops: Int, path: String? = nil) {
        self.index = index
        self.path = path
        self.kind = kind
        self.start = start
        self.end = end
        self.ops = ops
    }
}

/// A labelled instant (snapshots, expel) drawn on the charts.
public struct Marker: Codable, Sendable, Equatable {
    public var t: Double
    public var label: String
    public init(t: Double, label: String) {
        self.t = t
        self.label = label
    }
}

/// Samples in columns: `values[m][i]` is metric `metrics[m]` at `t[i]`, taken during phase `phase[i]`.
public struct TimeSeries: Codable, Sendable, Equatable {
    public var metrics: [String]
    public var t: [Double]
    public var phase: [Int]
    public var values: [[Double]]

    public init(metrics: [String] = [], t: [Double] = [], phase: [Int] = [], values: [[Double]] = []) {
        self.metrics = metrics
        self.t = t
        self.phase = phase
        self.values = values
    }

    public var count: Int { t.count }

    public func series(_ metric: String) -> [Double]? {
        metrics.firstIndex(of: metric).map { values[$0] }
    }
}

/// One phase × operation's latency distribution (HdrHistogram, 3 significant digits), in microseconds.
public struct LatencyRecord: Codable, Sendable, Equatable {
    public var phase: String
    public var operation: String
    public var count: Int
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    public var max: Double

    public init(phase: String, operation: String, count: Int, p50: Double, p90: Double, p99: Double, p999: Double, max: Double) {
        self.phase = phase
        self.operation = operation
        self.count = count
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.p999 = p999
        self.max = max
    }
}

/// A gperftools CPU profile of one phase: the file (relative to the workload's results
/// directory) and the top of `google-pprof --text`, when that tool was available.
public struct ProfileRecord: Codable, Sendable, Equatable {
    public var phase: String
    public var file: String
    public var top: [String]

    public init(phase: String, file: String, top: [String]) {
        self.phase = phase
        self.file = file
        self.top = top
    }
}
