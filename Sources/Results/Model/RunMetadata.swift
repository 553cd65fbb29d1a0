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
    /// `set-<hash>` for a run with `--set` overrides: its sets go to a directory of their own, as
    /// another allocator's do, so they never replace the commit's own figures (nil: none).
    public var variant: String?

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

    /// `<commit12>[-dirty]`, plus `+<allocator>` for runs not under jemalloc (the default) and
    /// `+set-<hash>` for runs with `--set`, so the same commit run several ways keeps separate,
    /// comparable result sets.
    public var commitDirectoryName: String {
        var name = String(commit.prefix(12)) + (dirty ? "-dirty" : "")
        if !["jemalloc", ""].contains(allocator.kind) { name += "+" + allocator.kind }
        if let variant { name += "+" + variant }
        return name
    }

    /// The variant of a run with `overrides` (`path=value` texts): a hash of them in order.
    public static func variant(overrides: [String]) -> String? {
        overrides.isEmpty ? nil : "set-" + SHA256.hex(Array(overrides.joined(separator: "\n").utf8)).prefix(8)
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
