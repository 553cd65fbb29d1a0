import Results

/// A validated workload: everything a runner needs to replay it, with no YAML left in it.
/// Values are checked at parse time, so a plan that exists is runnable. Immutable and Sendable.
public struct Workload: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var seed: UInt64
    public var engine: EngineSettings
    public var dataset: Dataset
    public var phases: [Phase]
    public var repetitions: Repetitions
    /// Metric name or `prefix.*` → the threshold a comparison applies.
    public var thresholds: [String: Threshold] = [:]
    /// Where it was read from and its exact text (stored with results so a run can be reproduced).
    public var sourcePath: String
    public var sourceText: String

    public init(version: Int, name: String, seed: UInt64, engine: EngineSettings, dataset: Dataset,
                phases: [Phase], repetitions: Repetitions, sourcePath: String, sourceText: String) {
        self.version = version
        self.name = name
        self.seed = seed
        self.engine = engine
        self.dataset = dataset
        self.phases = phases
        self.repetitions = repetitions
        self.sourcePath = sourcePath
        self.sourceText = sourceText
    }
}

/// The engine block. Names follow the workload schema; the runner maps them onto ep-engine's
/// configuration keys (`quota` → `max_size`, `vbuckets` → `max_vbuckets`, …).
public struct EngineSettings: Sendable, Equatable {
    public var quota: Int = 512 << 20
    public var vbuckets: Int = 64
    public var eviction: String = "value_only"
    public var checkpoint = CheckpointSettings()
    /// Persist to SQLite (a flusher and a persistence cursor per vBucket).
    public var persistence = true
    /// Where the SQLite file goes; nil = a temporary directory per repetition, removed afterwards.
    public var dataDirectory: String?
    public var memLowWatPercent = 0.75
    public var memHighWatPercent = 0.85
    public var mutationMemRatio = 0.93
    /// `bucket_quota_change_task_poll_interval`, seconds.
    public var bucketQuotaChangeTaskPollInterval = 5.0
    /// Test only: extra bytes the checkpoint estimate charges per queued element, to produce a
    /// known memory regression for gate tests. Never set in shipped workloads.
    public var testExtraCheckpointBytesPerItem = 0

    public struct CheckpointSettings: Sendable, Equatable {
        /// `checkpoint_max_size`; 0 = automatic.
        public var maxSize: Int = 0
        public var memoryRatio: Double = 0.2
        public var maxCheckpoints: Int = 10
        public var expel: Bool = true
        public var recoveryUpperMark = 0.9
        public var recoveryLowerMark = 0.6
        public init() {}
    }

    public init() {}
}

public struct Dataset: Sendable, Equatable {
    public var items: Int
    public var keyPattern: KeyPattern
    public var valueSize: Int

    public init(items: Int, keyPattern: KeyPattern, valueSize: Int) {
        self.items = items
        self.keyPattern = keyPattern
        self.valueSize = valueSize
    }
}

public struct Repetitions: Sendable, Equatable {
    public var count: Int
    public var warmup: Int

    public init(count: Int = 3, warmup: Int = 0) {
        self.count = count
        self.warmup = warmup
    }
}
