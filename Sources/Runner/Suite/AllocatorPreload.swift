import Foundation

/// The allocator a child repetition is started under. kvbench itself links no allocator; the
/// child gets jemalloc through `LD_PRELOAD` (Debian's unprefixed build serves every allocation).
struct AllocatorPreload: Sendable {
    static let jemallocCandidates = [
        "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
        "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
        "/usr/lib64/libjemalloc.so.2",
        "/usr/lib/libjemalloc.so.2",
    ]

    /// The library to preload, or nil when none was found (the child then runs under glibc and
    /// says so in its results).
    let library: String?

    static func jemalloc() -> AllocatorPreload {
        AllocatorPreload(library: jemallocCandidates.first { FileManager.default.fileExists(atPath: $0) })
    }

    static let tcmallocCandidates = [
        "/usr/lib/x86_64-linux-gnu/libtcmalloc.so.4",
        "/usr/lib/aarch64-linux-gnu/libtcmalloc.so.4",
        "/usr/lib64/libtcmalloc.so.4",
    ]

    /// gperftools' CPU profiler, preloaded beside the allocator for `--profile cpu`.
    static let profilerCandidates = [
        "/usr/lib/x86_64-linux-gnu/libprofiler.so.0",
        "/usr/lib/aarch64-linux-gnu/libprofiler.so.0",
        "/usr/lib64/libprofiler.so.0",
    ]

    static var profiler: String? { profilerCandidates.first { FileManager.default.fileExists(atPath: $0) } }

    static func choose(_ choice: AllocatorChoice) -> AllocatorPreload {
        switch choice {
        case .jemalloc: jemalloc()
        case .tcmalloc: AllocatorPreload(library: tcmallocCandidates.first { FileManager.default.fileExists(atPath: $0) })
        case .system: AllocatorPreload(library: nil)
        }
    }

    /// The child's environment: ours, with the library prepended to any existing LD_PRELOAD.
    func environment(_ base: [String: String]) -> [String: String] {
        guard let library else { return base }
        var environment = base
        let existing = base["LD_PRELOAD"].map { $0.isEmpty ? "" : ":" + $0 } ?? ""
        environment["LD_PRELOAD"] = library + existing
        return environment
    }
}

/// The allocator `kvbench run --allocator` asks for.
public enum AllocatorChoice: String, Sendable, CaseIterable {
    /// Debian's jemalloc through LD_PRELOAD: exact per-domain figures.
    case jemalloc
    /// gperftools' tcmalloc through LD_PRELOAD: per-domain figures through malloc hooks.
    case tcmalloc
    /// Whatever the process gets without a preload (glibc): totals from /proc only.
    case system
}
