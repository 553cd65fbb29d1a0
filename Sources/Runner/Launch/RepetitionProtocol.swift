import Results
import Workload

/// What the parent asks of a child repetition, written as one JSON document to the child's
/// standard input. The child runs the workload *text* it is given (the file is never read again,
/// so run.json records exactly what ran); the path only resolves relative paths inside it.
public struct RepetitionRequest: Codable, Sendable, Equatable {
    public struct Workload: Codable, Sendable, Equatable {
        /// Where the parent read the file (relative trace and directory paths resolve against it).
        public var path: String
        public var text: String
        /// SHA-256 of `text`, hex: the child refuses a request whose text does not match.
        public var sha256: String
        /// `--set` values the text is read with.
        public var overrides: [WorkloadOverride]
        /// The matrix point to run, for a workload with a `matrix:`.
        public var point: MatrixPoint?

        public init(path: String, text: String, overrides: [WorkloadOverride] = [], point: MatrixPoint? = nil) {
            self.path = path
            self.text = text
            sha256 = SHA256.hex(Array(text.utf8))
            self.overrides = overrides
            self.point = point
        }
    }

    public struct Profile: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable, CaseIterable {
            /// gperftools' CPU profiler (libprofiler preloaded beside the allocator).
            case cpu
            /// tcmalloc's heap profiler (the repetition runs under tcmalloc).
            case heap
        }
        public var kind: Kind
        /// The directory for one profile per phase.
        public var directory: String

        public init(kind: Kind, directory: String) {
            self.kind = kind
            self.directory = directory
        }
    }

    public var workload: Workload
    public var index: Int
    public var warmup: Bool
    /// `--quick`: the child shrinks the workload (`Workload.quick()`).
    public var quick: Bool
    /// `--verify-domains`: the child checks its counters against one arena per domain.
    public var verifyDomains: Bool
    public var profile: Profile?
    /// The parent's pid: the child dies with it (and refuses to start if it is already gone).
    public var parent: Int32

    public init(workload: Workload, index: Int, warmup: Bool, quick: Bool, verifyDomains: Bool = false, profile: Profile? = nil,
                parent: Int32) {
        self.workload = workload
        self.index = index
        self.warmup = warmup
        self.quick = quick
        self.verifyDomains = verifyDomains
        self.profile = profile
        self.parent = parent
    }
}

/// What a child repetition tells its parent, one JSON document per line on its standard output:
/// progress as it goes, then exactly one `finished` or `failed`. Anything else on that channel,
/// or no final event, means the child broke (the parent then reports how it ended).
public enum RepetitionEvent: Codable, Sendable, Equatable {
    /// A phase started (for the parent's status line).
    case progress(String)
    /// The repetition completed; its record holds every metric.
    case finished(RepetitionRecord)
    /// The repetition could not complete (a phase failed, the engine could not be set up).
    case failed(String)
}
