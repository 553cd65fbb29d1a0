/// The part of a suite one machine runs: every `count`-th workload of the suite's order starting
/// at `index` (0-based), so that shards of a suite sorted by name get a similar mix. Given as
/// `K/N` counting from 0 or from 1 (an explicit choice: schedulers differ), or taken from the
/// environment a scheduler gives each of its jobs.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 0-based.
    public let index: Int
    public let count: Int
    /// Where the index came from (`--shard`, or the environment variable that gave it).
    public let source: String

    public init?(index: Int, count: Int, source: String) {
        guard count >= 1, (0..<count).contains(index) else { return nil }
        self.index = index
        self.count = count
        self.source = source
    }

    /// Whether the workload at `offset` of the suite belongs to this shard.
    func selects(_ offset: Int) -> Bool { offset % count == index }

    public var description: String { "shard \(index + 1) of \(count) (index \(index) counting from 0, from \(source))" }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `K/N`, with K counted from `base` (0 or 1).
    public static func parse(_ text: String, base: Int) throws(Failure) -> Shard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let k = parts[0], let n = parts[1], let shard = Shard(index: k - base, count: n, source: "--shard") else {
            throw Failure(description: "--shard must be K/N with \(base) ≤ K ≤ \(base == 0 ? "N − 1" : "N") (counting from \(base), as "
                          + "--shard-base says), e.g. \(base == 0 ? "0/3" : "1/3"); got \(text)")
        }
        return shard
    }

    /// Variables holding a job's index, each counted from 0 once read: Kubernetes Indexed Jobs'
    /// `JOB_COMPLETION_INDEX`; Slurm job arrays' `SLURM_ARRAY_TASK_ID` (less `SLURM_ARRAY_TASK_MIN`,
    /// over `SLURM_ARRAY_TASK_STEP`, since arrays may start anywhere and skip); and
    /// `KVBENCH_SHARD_INDEX`, which a GitHub Actions matrix job sets from `strategy.job-index`
    /// (GitHub puts no matrix index in the environment itself).
    public static let indexVariables = ["KVBENCH_SHARD_INDEX", "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"]

    /// The shard of `count` whose index the environment gives. Exactly one of `indexVariables`
    /// must be set; a count the scheduler states too (`SLURM_ARRAY_TASK_COUNT`,
    /// `KVBENCH_SHARD_COUNT`) must agree with `count`.
    public static func fromEnvironment(_ environment: [String: String], count: Int) throws(Failure) -> Shard {
        let present = indexVariables.filter { environment[$0] != nil }
        guard present.count == 1, let name = present.first else {
            throw Failure(description: present.isEmpty
                          ? "--shard-count reads the shard's index from the environment, but none of \(indexVariables.joined(separator: ", ")) is set"
                          : "the environment gives several shard indexes (\(present.joined(separator: ", "))); use --shard K/N instead")
        }
        let value = environment[name]!
        guard var index = Int(value) else { throw Failure(description: "\(name) must be a whole number, got '\(value)'") }
        if name == "SLURM_ARRAY_TASK_ID" {
            let minimum = environment["SLURM_ARRAY_TASK_MIN"].flatMap { Int($0) } ?? 0
            let step = max(1, environment["SLURM_ARRAY_TASK_STEP"].flatMap { Int($0) } ?? 1)
            index = (index - minimum) / step
        }
        for stated in ["SLURM_ARRAY_TASK_COUNT", "KVBENCH_SHARD_COUNT"] {
            if let text = environment[stated], Int(text) != count {
                throw Failure(description: "\(stated)=\(text) but --shard-count \(count): the scheduler runs another number of shards")
            }
        }
        guard let shard = Shard(index: index, count: count, source: "\(name)=\(value)") else {
            throw Failure(description: "\(name)=\(value) is not a shard of \(count) (indexes 0 to \(count - 1))")
        }
        return shard
    }
}
