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
    /// Metrics that gate beyond the catalog's defaults (`gate:`) and that only advise (`advisory:`).
    public var gate = GateSelection()
    /// Seconds between time-series samples (`metrics: {interval: 100ms}`).
    public var sampleInterval = 0.1
    /// `default_suite: false`: skipped when its directory is run (minutes-long soaks); run it by naming the file.
    public var inDefaultSuite = true
    /// `tags:` — words `--tag` selects by.
    public var tags: [String] = []
    /// `--set` values applied to the file's text before it was read.
    public var overrides: [WorkloadOverride] = []
    /// For a matrix point: the file's `name:` (the sweep's name; `name` is `<sweep>@<label>`) and the point.
    public var sweepName: String?
    public var matrixPoint: MatrixPoint?
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
    /// `bucket_quota_change_task_poll_interval`, seconds (ep-engine's default, 30 s).
    public var bucketQuotaChangeTaskPollInterval = 30.0
    /// Engine task timings and thread counts; nil keeps ep-engine's defaults (see `BucketConfiguration`).
    public var tasks = TaskSettings()

    /// ep-engine's task knobs a workload may change; every nil is the engine's default.
    public struct TaskSettings: Sendable, Equatable {
        /// `pager_sleep_time_ms`, seconds.
        public var pagerSleepTime: Double?
        /// `chk_remover_stime`, seconds.
        public var checkpointRemoverInterval: Double?
        /// `checkpoint_destruction_tasks`.
        public var checkpointDestructionTasks: Int?
        /// `max_num_shards`: store shards and flushers.
        public var maxNumShards: Int?
        /// `dcp_backfill_run_duration_limit`, seconds.
        public var backfillRunDurationLimit: Double?
        /// How long a backfill waits when memory is high, seconds.
        public var backfillMemorySnooze: Double?
        /// `num_reader_threads`, `num_writer_threads`, `num_auxio_threads`, `num_nonio_threads`.
        public var readerThreads: Int?
        public var writerThreads: Int?
        public var auxIOThreads: Int?
        public var nonIOThreads: Int?
        public init() {}
    }
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
    public enum KeyOrder: String, Sendable {
        /// The load writes keys 0, 1, 2, …
        case ordered
        /// The load writes keys in a scrambled (but seed-independent, repeatable) order.
        case hashed
    }

    public var items: Int
    public var keyPattern: KeyPattern
    public var valueSize: ValueSize
    public var keyOrder: KeyOrder
    /// Fraction of each value that repeats (compresses away); 0 = random bytes.
    public var compressibility: Double
    /// Expiry written with every document, seconds; 0 = none.
    public var ttl: UInt32

    public init(items: Int, keyPattern: KeyPattern, valueSize: ValueSize, keyOrder: KeyOrder = .ordered,
                compressibility: Double = 0, ttl: UInt32 = 0) {
        self.items = items
        self.keyPattern = keyPattern
        self.valueSize = valueSize
        self.keyOrder = keyOrder
        self.compressibility = compressibility
        self.ttl = ttl
    }
}

/// Value sizes: one size, uniform in a range, or a weighted choice (YCSB's field-length distributions).
public enum ValueSize: Sendable, Equatable {
    public struct Choice: Sendable, Equatable {
        public var size: Int
        /// Percent.
        public var weight: Int
        public init(size: Int, weight: Int) {
            self.size = size
            self.weight = weight
        }
    }

    case fixed(Int)
    case uniform(Int, Int)
    case weighted([Choice])

    /// The largest size it can produce (the worker's buffer size).
    public var maximum: Int {
        switch self {
        case .fixed(let size): size
        case .uniform(_, let high): high
        case .weighted(let choices): choices.map(\.size).max() ?? 0
        }
    }

    public func next(_ random: inout RandomSource) -> Int {
        switch self {
        case .fixed(let size):
            return size
        case .uniform(let low, let high):
            return low + Int(random.next() % UInt64(high - low + 1))
        case .weighted(let choices):
            var roll = Int(random.next() % 100)
            for choice in choices {
                if roll < choice.weight { return choice.size }
                roll -= choice.weight
            }
            return choices.last?.size ?? 0
        }
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
