import Results

/// One result set as the index holds it: a workload's directory under a commit directory, with
/// where and how it was measured.
public struct IndexedSet: Sendable, Equatable {
    public var id: Int64
    /// `<commit dir>/<workload>`, relative to the results root.
    public var directory: String
    public var commit: String
    /// `<commit12>[-dirty][+allocator]`.
    public var commitDirectory: String
    public var dirty: Bool
    public var allocator: String
    public var branch: String
    /// ISO 8601, UTC.
    public var timestamp: String
    /// `HostRecord.fingerprint`: the class of machine.
    public var host: String
    public var hostname: String
    /// The machine class in words (`HostRecord.machine`).
    public var machine: String
    public var workload: String
    /// The workload file as the run named it.
    public var workloadFile: String
    public var workloadSHA256: String
    /// A sweep's matrix point (its parameters); nil for a plain workload.
    public var point: String?
    /// Measured repetitions that completed.
    public var repetitions: Int
    public var failed: Int
    /// No failed or missing repetition and not interrupted.
    public var complete: Bool
    public var quick: Bool
    /// Time the run's phases took, all repetitions and warm-ups together.
    public var seconds: Double
}

/// One metric of one indexed result set.
public struct IndexedMetric: Sendable {
    /// Position of its result set in the array the same query returned.
    public var set: Int
    public var name: String
    public var unit: String
    public var direction: Direction
    public var median: Double
    public var mean: Double
    public var stddev: Double
    public var min: Double
    public var max: Double
    /// The median's distribution-free 95% interval (`MedianInterval`; the range for ≤ 5 values).
    public var lower: Double
    public var upper: Double
    /// The relative threshold the workload set (or the default for the metric's kind).
    public var threshold: Double?
    /// Every measured repetition's value.
    public var values: [Double]
}

/// Which result sets a query wants. Nil fields do not filter.
public struct SetQuery: Sendable {
    /// Full commit ids.
    public var commits: [String]?
    /// Commit directory names (`<commit12>[-dirty][+allocator][+set-<hash>]`), whatever commit their
    /// files record. Without them, runs with `--set` (`+set-` directories) are left out: they are
    /// not the commit's own figures.
    public var commitDirectories: [String]?
    public var branch: String?
    public var workload: String?
    public var host: String?
    public var allocator: String?
    public var includeDirty: Bool

    public init(commits: [String]? = nil, commitDirectories: [String]? = nil, branch: String? = nil, workload: String? = nil,
                host: String? = nil, allocator: String? = nil, includeDirty: Bool = false) {
        self.commits = commits
        self.commitDirectories = commitDirectories
        self.branch = branch
        self.workload = workload
        self.host = host
        self.allocator = allocator
        self.includeDirty = includeDirty
    }
}
