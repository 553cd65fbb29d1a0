import MemoryTracking
import Results

/// `--verify-domains`: with the thread cache off and one jemalloc arena per domain, each arena's
/// allocated bytes are an exact figure the per-thread counters must agree with. Taken at the start
/// of the repetition (counter baselines) and checked at its end.
struct DomainVerification {
    /// Counters and arena figures may differ by this share of the arena figure, or by
    /// `toleranceBytes`, whichever is larger.
    static let toleranceShare = 0.01
    static let toleranceBytes: Int64 = 64 << 10
    static let domains: [(domain: MemoryDomain, name: String)] = [(.primary, "primary"), (.secondary, "secondary")]

    private let baselines: [MemoryDomain: Int64]

    /// Turns verify mode on; throws when the process is not served by jemalloc.
    init(allocator: AllocatorInfo) throws(PhaseFailure) {
        guard allocator.kind == .jemalloc, VerifyMode.enable() else {
            throw PhaseFailure(path: "start", message: "--verify-domains needs jemalloc (served here: \(allocator.kind.rawValue))")
        }
        baselines = Dictionary(uniqueKeysWithValues: Self.domains.map { ($0.domain, $0.domain.preciseBytes) })
    }

    /// Counter, arena and difference per domain; throws when they disagree beyond the tolerance.
    func check() throws(PhaseFailure) -> [MetricValue] {
        var figures: [MetricValue] = []
        for (domain, name) in Self.domains {
            let counter = domain.preciseBytes - (baselines[domain] ?? 0)
            guard let arena = VerifyMode.arenaBytes(domain).map(Int64.init) else { continue }
            let difference = abs(counter - arena)
            figures += [Metrics.verifyCounter.value(Double(counter), name), Metrics.verifyArena.value(Double(arena), name),
                        Metrics.verifyDifference.value(Double(difference), name)]
            let tolerance = max(Self.toleranceBytes, Int64(Double(arena) * Self.toleranceShare))
            guard difference <= tolerance else {
                throw PhaseFailure(path: "end", message: "verify: \(name) counters say \(counter) bytes, its arena holds \(arena) (difference \(difference) > tolerance \(tolerance))")
            }
        }
        return figures
    }
}
