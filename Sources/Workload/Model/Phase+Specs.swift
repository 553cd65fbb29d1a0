/// The settings of the phases that carry more than a value or two.
extension Phase {
    public enum StorageFaults: Sendable, Equatable {
        case none
        case diskFull
        /// This share of commits fails (an I/O error), spread evenly.
        case failingWrites(rate: Double)
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
        /// `duration:` — seconds after which the replay stops, wherever it is in the trace.
        public var duration: Double?
        public init(file: String, format: TraceReader.Format, timing: Timing, duration: Double? = nil) {
            self.file = file
            self.format = format
            self.timing = timing
            self.duration = duration
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
        /// Operations over all workers; `unbounded` when only `duration` ends the phase.
        public var ops: Int
        public var workers: Int
        /// Open model: target operations per second over all workers (nil = closed loop).
        public var rate: Double?
        /// Open model: seconds over which the rate ramps linearly from 0.
        public var ramp: Double
        /// `duration:` — seconds after which every worker stops, whatever `ops` says.
        public var duration: Double?
        public init(mix: OperationMix, keys: KeyDistribution, ops: Int, workers: Int, rate: Double? = nil, ramp: Double = 0,
                    duration: Double? = nil) {
            self.mix = mix
            self.keys = keys
            self.ops = ops
            self.workers = workers
            self.rate = rate
            self.ramp = ramp
            self.duration = duration
        }

        /// `ops` of a phase that only `duration` bounds.
        public static let unbounded = Int.max

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
}

extension Phase {
    /// `stats`: `requests` stats commands of `groups` (round robin) over `connections` front-end
    /// connections, each client waiting for an answer before its next command; every `closeEvery`
    /// requests the connection that sent the last one closes with that command still in flight,
    /// and a new one takes its place.
    public struct StatsRequests: Sendable, Equatable {
        public var groups: [String]
        public var requests: Int
        public var connections: Int
        public var closeEvery: Int?

        public init(groups: [String], requests: Int, connections: Int, closeEvery: Int?) {
            self.groups = groups
            self.requests = requests
            self.connections = connections
            self.closeEvery = closeEvery
        }
    }
}
