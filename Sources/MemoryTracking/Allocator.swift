import CAllocator

/// The allocator that serves `malloc` in this process, as found by `dladdr` on the resolved
/// symbol — not the one that was asked for: sanitizers and valgrind replace malloc behind a preload.
public enum AllocatorKind: String, Codable, Sendable, CaseIterable {
    case jemalloc
    case tcmalloc
    case glibc
    case unknown
}

/// Facts about the process allocator. Immutable; safe to read from any thread.
public struct AllocatorInfo: Codable, Sendable, Equatable {
    public var kind: AllocatorKind
    /// The shared object that defines `malloc`, e.g. `/usr/lib/x86_64-linux-gnu/libjemalloc.so.2`.
    public var path: String
    /// jemalloc's own `version` string; nil for other allocators.
    public var version: String?

    public init(kind: AllocatorKind, path: String, version: String?) {
        self.kind = kind
        self.path = path
        self.version = version
    }

    /// Per-domain precise counters exist when jemalloc is verified active (its thread counters)
    /// or tcmalloc's malloc hooks are installed.
    public var hasDomainCounters: Bool { kind == .jemalloc || (kind == .tcmalloc && kvb_tcmalloc_active() != 0) }

    public static func detect() -> AllocatorInfo {
        var buffer = [CChar](repeating: 0, count: 4096)
        let raw = kvb_detect_allocator(&buffer, buffer.count)
        let path = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let kind: AllocatorKind
        switch raw {
        case KVB_ALLOCATOR_JEMALLOC: kind = kvb_jemalloc_active() != 0 ? .jemalloc : .unknown
        case KVB_ALLOCATOR_TCMALLOC: kind = .tcmalloc
        case KVB_ALLOCATOR_GLIBC: kind = .glibc
        default: kind = .unknown
        }
        return AllocatorInfo(kind: kind, path: path, version: kind == .jemalloc ? Jemalloc.string("version") : nil)
    }

    /// Why per-domain figures are missing, in words a user can act on; nil when they are available.
    public var unavailableReason: String? {
        guard !hasDomainCounters else { return nil }
        let served = path.isEmpty ? "an unidentified allocator" : "\(kind.rawValue) (\(path))"
        return "jemalloc is not active: malloc is served by \(served), which has no per-domain counters"
    }
}
