import Foundation

/// The allocator a child repetition is started under. kvbench itself links no allocator; the
/// child gets jemalloc (or tcmalloc) through `LD_PRELOAD` (Debian's unprefixed builds serve
/// every allocation).
struct AllocatorPreload: Sendable {
    static let jemallocCandidates = [
        "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
        "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
        "/usr/lib64/libjemalloc.so.2",
        "/usr/lib/libjemalloc.so.2",
    ]

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

    /// What was asked for.
    let choice: AllocatorChoice
    /// The library to preload, or nil when none was found (the child then runs under glibc and
    /// says so in its results).
    let library: String?

    static var profiler: String? { firstExisting(profilerCandidates) }

    static func choose(_ choice: AllocatorChoice) -> AllocatorPreload {
        switch choice {
        case .jemalloc: AllocatorPreload(choice: choice, library: firstExisting(jemallocCandidates))
        case .tcmalloc: AllocatorPreload(choice: choice, library: firstExisting(tcmallocCandidates))
        case .system: AllocatorPreload(choice: choice, library: nil)
        }
    }

    /// The preload for a run's options (heap profiles need tcmalloc), saying what is missing.
    static func prepare(_ options: SuiteOptions, progress: ProgressLog) -> AllocatorPreload {
        let choice = options.profile == .heap ? .tcmalloc : options.allocator
        if options.profile == .cpu && profiler == nil {
            progress.line("warning: gperftools' libprofiler.so.0 not found (make run installs libgoogle-perftools-dev): no CPU profiles will be written")
        }
        if options.profile == .heap && options.allocator != .tcmalloc {
            progress.line("note: --profile heap runs the repetitions under tcmalloc (its heap profiler)")
        }
        let preload = choose(choice)
        if choice != .system, preload.library == nil {
            progress.line("warning: \(choice.rawValue) not found (make run installs it); repetitions run under the system allocator without per-domain figures")
        }
        return preload
    }

    private static func firstExisting(_ candidates: [String]) -> String? {
        candidates.first { FileManager.default.fileExists(atPath: $0) }
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
