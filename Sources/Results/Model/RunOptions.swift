/// How a run was asked to repeat and measure: what makes two result sets comparable beyond their
/// workload text. Recorded by the runner (schema 1.3) and part of the fingerprint.
public struct RunOptions: Codable, Sendable, Equatable {
    /// Measured repetitions and warm-ups per workload, as planned (not as completed).
    public var repetitions: Int
    public var warmup: Int
    public var quick: Bool
    public var verifyDomains: Bool
    /// `cpu` or `heap` when each phase was profiled.
    public var profile: String?

    public init(repetitions: Int, warmup: Int, quick: Bool, verifyDomains: Bool, profile: String?) {
        self.repetitions = repetitions
        self.warmup = warmup
        self.quick = quick
        self.verifyDomains = verifyDomains
        self.profile = profile
    }
}

/// Which metrics of a workload gate, beyond the catalog's defaults by kind: the workload's
/// `gate:` list (patterns that gate although their kind is advisory, such as a timing) and its
/// `advisory:` list (patterns that do not gate although their kind would). Keys of its
/// `thresholds` block gate too.
public struct GateSelection: Codable, Sendable, Equatable {
    public var gated: [String]
    public var advisory: [String]

    public init(gated: [String] = [], advisory: [String] = []) {
        self.gated = gated
        self.advisory = advisory
    }

    public var isEmpty: Bool { gated.isEmpty && advisory.isEmpty }
}
