/// What two result sets must share for their figures to be comparable: the machine, the
/// allocator, the build, the workload text and how it was run. Computed from a `RunResult`.
public struct Fingerprint: Sendable, Equatable {
    /// One field of the fingerprint.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
        /// A difference here makes the figures mean different things (the gate refuses it unless
        /// told otherwise); elsewhere it only makes them less comparable.
        public var blocking: Bool
    }

    public var fields: [Field]

    public init(_ run: RunResult) {
        let meta = run.metadata
        let hashing = Set(run.measured.compactMap(\.deterministicHashing))
        let options = run.options
        func field(_ name: String, _ value: String, blocking: Bool = false) -> Field { Field(name: name, value: value, blocking: blocking) }
        fields = [
            field("workload text", String(run.workload.sha256.prefix(16)), blocking: true),
            field("--set", run.workload.overrides.map { String(describing: $0) } ?? "none", blocking: true),
            field("allocator", meta.allocator.kind, blocking: true),
            field("quick", options.map { String($0.quick) } ?? "not recorded", blocking: true),
            field("allocator version", meta.allocator.version ?? ""),
            field("repetitions", options.map { "\($0.repetitions) + \($0.warmup) warm-up" } ?? "not recorded"),
            field("verify domains", options.map { String($0.verifyDomains) } ?? "not recorded"),
            field("CPU", "\(meta.host.cpuModel) × \(meta.host.cores)"),
            field("kernel", meta.host.kernel),
            field("kvbench", meta.kvbenchVersion),
            field("toolchain", "Swift \(meta.swiftVersion), \(meta.buildConfiguration)"),
            field("deterministic hashing", hashing.count == 1 ? String(hashing.first!) : "not recorded"),
        ]
    }

    /// A field whose value differs between two fingerprints.
    public struct Difference: Sendable, Equatable, Codable {
        public var field: String
        public var base: String
        public var candidate: String
        public var blocking: Bool
    }

    public func differences(to candidate: Fingerprint) -> [Difference] {
        zip(fields, candidate.fields).compactMap { base, other in
            base.value == other.value ? nil : Difference(field: base.name, base: base.value, candidate: other.value, blocking: base.blocking)
        }
    }
}
