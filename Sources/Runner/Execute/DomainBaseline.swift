import MemoryTracking

/// Each domain's bytes when the repetition's own bucket is about to open (after `RuntimePrimer`):
/// per-domain figures are reported from there, so that what the process allocated once before —
/// the Swift runtime's caches, in whichever domain first needed them — is in no repetition's
/// figures, and identical repetitions report identical bytes.
struct DomainBaseline: Sendable {
    private let bytes: [MemoryDomain: Int64]

    /// The domains' precise totals now.
    static var now: DomainBaseline {
        DomainBaseline(bytes: Dictionary(uniqueKeysWithValues: MemoryDomain.allCases.map { ($0, $0.preciseBytes) }))
    }

    /// What `domain` holds beyond the baseline.
    func since(_ domain: MemoryDomain) -> Int64 { domain.preciseBytes - (bytes[domain] ?? 0) }
}
