/// Where and how a run was made (DESIGN.md §7). Collected by the runner; read by reports and comparisons.
public struct RunMetadata: Codable, Sendable, Equatable {
    public var commit: String
    public var dirty: Bool
    public var branch: String
    /// ISO 8601, UTC.
    public var timestamp: String
    public var host: HostRecord
    public var swiftVersion: String
    public var buildConfiguration: String
    /// The allocator the repetitions were asked to run under and what actually served them.
    public var allocator: AllocatorRecord
    public var kvbenchVersion: String

    public init(commit: String, dirty: Bool, branch: String, timestamp: String, host: HostRecord, swiftVersion: String,
                buildConfiguration: String, allocator: AllocatorRecord, kvbenchVersion: String) {
        self.commit = commit
        self.dirty = dirty
        self.branch = branch
        self.timestamp = timestamp
        self.host = host
        self.swiftVersion = swiftVersion
        self.buildConfiguration = buildConfiguration
        self.allocator = allocator
        self.kvbenchVersion = kvbenchVersion
    }

    /// `<commit12>[-dirty]`, plus `+<allocator>` for runs not under jemalloc (the default), so the
    /// same commit under several allocators keeps separate, comparable result sets.
    public var commitDirectoryName: String {
        let base = String(commit.prefix(12)) + (dirty ? "-dirty" : "")
        return ["jemalloc", ""].contains(allocator.kind) ? base : base + "+" + allocator.kind
    }
}

public struct HostRecord: Codable, Sendable, Equatable {
    public var cpuModel: String
    public var cores: Int
    public var memoryBytes: UInt64
    public var kernel: String
    public var hostname: String

    public init(cpuModel: String, cores: Int, memoryBytes: UInt64, kernel: String, hostname: String) {
        self.cpuModel = cpuModel
        self.cores = cores
        self.memoryBytes = memoryBytes
        self.kernel = kernel
        self.hostname = hostname
    }
}
