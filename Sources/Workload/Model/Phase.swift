/// One step of a workload, executed in order by the runner.
public enum Phase: Sendable, Equatable {
    /// Writes every dataset key once, split over `workers` threads.
    case load(Load)
    /// A closed-loop operation mix over the dataset's keys.
    case mutate(Mutate)
    /// Registers or advances a named checkpoint cursor.
    case cursor(Cursor)
    /// Runs item expel on every vBucket and records what it freed; with `baseline`, also times
    /// releasing as many items from a plain deque (`baseline.expel.items_per_sec`).
    case expel(baseline: Bool)
    /// Records every metric under a label (e.g. `checkpoint.memory.before_expel`).
    case snapshot(label: String)
    /// Waits (when `wait`) until every vBucket's persisted seqno reaches its high seqno.
    case persist(wait: Bool, timeout: Double)
    /// Requests a new bucket quota (applied at once when higher, in two steps when lower).
    case setQuota(bytes: Int)
    /// Polls until the condition holds; fails the repetition after `timeout`.
    case wait(until: WaitCondition, timeout: Double)
    /// Does nothing for a while.
    case sleep(seconds: Double)
    /// Runs each branch (a list of phases) on its own thread at the same time.
    case parallel([[Phase]])
    /// Opens a named set of DCP streams (one producer connection, an in-process verifying
    /// consumer) and returns at once: the streams run alongside later phases.
    case dcp(DcpStreams)
    /// Waits until every stream of the set has reached its end seqno, then verifies and closes it.
    case dcpWait(name: String, timeout: Double)
    /// Closes the set (cancelling backfills) and verifies what the consumer received.
    case dcpClose(name: String)
    /// Ejects every clean value (value-only) or item (full eviction), as `evict_key` would.
    case evict
    /// Closes the open checkpoint of every vBucket (persisted ones are then removed).
    case newCheckpoint
    /// Replays a key-value trace against the engine (one thread, in trace order).
    case replay(Replay)
    /// Shuts the bucket down and opens it again on its store (warmup). `kill` skips waiting for
    /// the flusher, so what was not persisted is lost, as when the process dies.
    case restart(kill: Bool)
    /// Sets the test-only storage fault hook: commits fail until a later phase sets `none`.
    case storageFaults(StorageFaults)
    /// Checks every acknowledged mutation against the engine: readable or on disk at its latest version.
    case verify
    /// The same operations as a `mutate` on a plain Swift dictionary of byte buffers in this
    /// process: the baseline engine throughput is divided by.
    case baseline(Mutate)
    /// Pauses (false) or resumes (true) memory-domain tracking, to measure what it costs.
    case domainTracking(enabled: Bool)
    /// Times this many domain switches (enter and leave a guard) on one thread.
    case switchCost(switches: Int)
    /// Times kvbench itself: `validate` over the workload directory (absolute path) and its
    /// subdirectories, `compare` of two synthetic 20 × 10 result sets, writing the reports of a
    /// synthetic 10 × 10k-sample run.
    case toolTimings(workloads: String)

    public enum StorageFaults: Sendable, Equatable {
        case none
        case diskFull
        /// This share of commits fails (an I/O error), spread evenly.
        case failingWrites(rate: Double)
    }

    /// Whether this phase or any phase nested in it satisfies `predicate`.
    public func contains(where predicate: (Phase) -> Bool) -> Bool {
        if predicate(self) { return true }
        if case .parallel(let branches) = self { return branches.joined().contains { $0.contains(where: predicate) } }
        return false
    }

    public struct Replay: Sendable, Equatable {
        public enum Timing: Sendable, Equatable {
            /// As fast as possible.
            case afap
            /// The trace's own timing divided by `speedup` (1 = original).
            case paced(speedup: Double)
        }
        /// Absolute path (resolved against the workload file's directory).
        public var file: String
        public var format: TraceReader.Format
        public var timing: Timing
        public init(file: String, format: TraceReader.Format, timing: Timing) {
            self.file = file
            self.format = format
            self.timing = timing
        }
    }

    public struct DcpStreams: Sendable, Equatable {
        public enum End: Sendable, Equatable {
            /// Each vBucket's high seqno when the stream opens.
            case high
            /// Open-ended: the stream runs until closed.
            case none
            case seqno(Int)
        }
        public var name: String
        public var vbuckets: [Int]?
        public var fromSeqno: Int
        public var toSeqno: End
        /// Consumer drain rate in bytes/s; nil = unlimited.
        public var drain: Double?
        /// Flow-control buffer: unacknowledged bytes at most.
        public var buffer: Int
        public var backfillByteLimit: Int

        public init(name: String, vbuckets: [Int]?, fromSeqno: Int, toSeqno: End, drain: Double?, buffer: Int, backfillByteLimit: Int) {
            self.name = name
            self.vbuckets = vbuckets
            self.fromSeqno = fromSeqno
            self.toSeqno = toSeqno
            self.drain = drain
            self.buffer = buffer
            self.backfillByteLimit = backfillByteLimit
        }
    }

    public struct Load: Sendable, Equatable {
        public var workers: Int
        public init(workers: Int) { self.workers = workers }
    }

    public struct Mutate: Sendable, Equatable {
        public var mix: OperationMix
        public var keys: KeyDistribution
        public var ops: Int
        public var workers: Int
        /// Open model: target operations per second over all workers (nil = closed loop).
        public var rate: Double?
        /// Open model: seconds over which the rate ramps linearly from 0.
        public var ramp: Double
        public init(mix: OperationMix, keys: KeyDistribution, ops: Int, workers: Int, rate: Double? = nil, ramp: Double = 0) {
            self.mix = mix
            self.keys = keys
            self.ops = ops
            self.workers = workers
            self.rate = rate
            self.ramp = ramp
        }

        /// Open model: seconds after the phase start at which a worker's `index`-th operation is
        /// due, for a worker's share `rate` of the target.
        public static func intendedStart(_ index: Int, rate: Double, ramp: Double) -> Double {
            let i = Double(index)
            let rampOps = rate * ramp / 2
            if ramp > 0 && i < rampOps { return (2 * i * ramp / rate).squareRoot() }
            return ramp + (i - rampOps) / rate
        }
    }

    public struct Cursor: Sendable, Equatable {
        public enum Action: Sendable, Equatable {
            /// Register for a reader that already has every seqno up to this one.
            case register(seqno: Int)
            /// Move past up to this many elements per vBucket (`Int.max` = to the end).
            case advance(items: Int)
        }
        public var name: String
        public var action: Action
        /// nil means every vBucket.
        public var vbuckets: [Int]?
        public init(name: String, action: Action, vbuckets: [Int]?) {
            self.name = name
            self.action = action
            self.vbuckets = vbuckets
        }
    }

    /// The phase's kind as written in the file.
    public var kind: String {
        switch self {
        case .load: "load"
        case .mutate: "mutate"
        case .cursor: "cursor"
        case .expel: "expel"
        case .snapshot: "snapshot"
        case .persist: "persist"
        case .setQuota: "set_quota"
        case .wait: "wait"
        case .sleep: "sleep"
        case .parallel: "parallel"
        case .dcp: "dcp"
        case .dcpWait: "dcp_wait"
        case .dcpClose: "dcp_close"
        case .evict: "evict"
        case .newCheckpoint: "new_checkpoint"
        case .replay: "replay"
        case .restart: "restart"
        case .storageFaults: "storage_faults"
        case .verify: "verify"
        case .baseline: "baseline"
        case .domainTracking: "domain_tracking"
        case .switchCost: "switch_cost"
        case .toolTimings: "tool_timings"
        }
    }
}

/// Percentages of each operation; they sum to 100.
public struct OperationMix: Sendable, Equatable {
    public var set: Int
    public var get: Int
    public var delete: Int
    public init(set: Int, get: Int, delete: Int) {
        self.set = set
        self.get = get
        self.delete = delete
    }
}

/// How keys are chosen (YCSB's distributions).
public enum KeyDistribution: Sendable, Equatable {
    case uniform
    /// Gray et al.'s zipfian with skew `theta` (YCSB default 0.99): item 0 is the hottest.
    case zipfian(theta: Double)
    /// Zipfian popularity spread over the key space by hashing the rank (YCSB's scrambled zipfian).
    case scrambledZipfian(theta: Double)
    /// Zipfian towards the most recently loaded items (YCSB's latest).
    case latest(theta: Double)
    /// `hotOps` of the operations go to the first `hotData` of the items (fractions).
    case hotspot(hotData: Double, hotOps: Double)
    /// Each worker walks the key space in order from its own offset.
    case sequential
}
