/// The ranges workload values must lie in: what the engine and the runner can honour on one
/// machine without overflowing, crashing or waiting forever. `validate` enforces every one, so a
/// workload it accepts runs; workloads/README.md ("Limits") lists them for users.
public enum Limits {
    /// Workload files are read whole, parsed, and copied into every result.
    public static let workloadFileBytes = 1 << 20
    /// Traces are read whole into memory, once when validated and once per repetition.
    public static let traceFileBytes = 256 << 20
    /// A workload whose YAML takes longer than this to compose is refused (an alias bomb: a few
    /// hundred bytes whose anchors expand to billions of nodes).
    public static let composeSeconds = 2.0
    /// A workload's name is a directory name; its files live beside `index.html`.
    public static let nameBytes = 100
    /// A `matrix:` grid's points, each a workload run in full.
    public static let matrixPoints = 256
    /// The grid before `exclude:` (which may bring it under `matrixPoints`).
    public static let matrixGrid = 65_536
    /// A matrix point's result-set directory, `<name>@<parameter>=<value>+…`: a file name's 255
    /// bytes less what kvbench adds beside it (`.staging-<name>-<pid>`, `.<name>.lock`).
    public static let pointNameBytes = 200
    /// memcached's and ep-engine's key length limit.
    public static let keyBytes = 250
    /// memcached's item size limit.
    public static let valueBytes = 20 << 20
    /// Counts of items, operations and seqnos.
    public static let count = 0...1_000_000_000_000
    public static let items = 1...1_000_000_000
    /// Sizes in bytes: quotas, buffers, checkpoint sizes.
    public static let size = 0...(1 << 40)
    public static let quota = (1 << 20)...(1 << 40)
    public static let buffer = 1024...(1 << 30)
    /// Durations in seconds: timeouts, sleeps, waits.
    public static let duration = 0.0...86_400.0
    /// A time-boxed phase (`duration:`): long enough to be measured, at most a day.
    public static let phaseDuration = 0.01...86_400.0
    /// memcached reads a TTL above 30 days as an absolute time.
    public static let ttl = 0.0...2_592_000.0
    public static let sampleInterval = 0.01...60.0
    public static let pollInterval = 0.001...60.0
    public static let ramp = 0.0...3600.0
    public static let repetitions = 1...1000
    public static let warmup = 0...100
    /// ep-engine's largest vBucket count.
    public static let vbuckets = 1...1024
    public static let workers = 1...256
    public static let checkpoints = 2...10_000
    /// How deeply `until:` expressions may nest, and how long they may be.
    public static let expressionDepth = 32
    public static let expressionLength = 4096
    /// How many operations one trace row may stand for (CacheLib's `op_count`).
    public static let traceOperationCount = 1...1_000_000
}
