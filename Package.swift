// swift-tools-version: 6.1
import PackageDescription

// Dependencies run strictly top to bottom (DESIGN.md §2): the executable is thin, Runner is the
// only module that joins Workload and Engine, Reports reads Results only. ResultIndex is the
// SQLite index over the result directories: beside Results (on which it builds) and below Reports
// and Gate, which write and read it; it links SQLite directly, never through Engine.
let package = Package(
    name: "kvbench",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kvbench", targets: ["kvbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
    ],
    targets: [
        .target(name: "CAllocator", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "CThreads", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "Locking"),
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "MemoryTracking", dependencies: ["CAllocator", "CThreads"]),
        .target(
            name: "Engine",
            dependencies: ["MemoryTracking", "Locking", "CThreads", "CSQLite", .product(name: "DequeModule", package: "swift-collections")]
        ),
        .target(name: "Workload", dependencies: ["Yams", "Results"]),
        .target(name: "Results"),
        .target(name: "ResultIndex", dependencies: ["Results", "CSQLite"]),
        .target(name: "Reports", dependencies: ["Results", "ResultIndex"]),
        .target(name: "Gate", dependencies: ["Results", "ResultIndex"]),
        .target(name: "Runner", dependencies: ["Workload", "Engine", "Results", "MemoryTracking", "CThreads", "Locking", .product(name: "Histogram", package: "hdrhistogram-swift")]),
        .executableTarget(
            name: "kvbench",
            dependencies: ["Runner", "Reports", "Gate", "Workload", "Results", "ResultIndex", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Shared by the test targets only: one process runner that drains stdout and stderr
        // together, paths, the end-to-end test case base.
        .target(name: "TestSupport", dependencies: ["Results"], path: "Tests/TestSupport"),
        .testTarget(name: "MemoryTrackingTests", dependencies: ["MemoryTracking", "TestSupport"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Locking", "TestSupport"]),
        .testTarget(name: "WorkloadTests", dependencies: ["Workload"]),
        .testTarget(name: "ResultsTests", dependencies: ["Results", "Reports", "TestSupport"]),
        .testTarget(name: "ResultIndexTests", dependencies: ["ResultIndex", "Results", "TestSupport"]),
        .testTarget(name: "GateTests", dependencies: ["Gate", "Results", "ResultIndex", "TestSupport"]),
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "Results", "Workload", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Results", "TestSupport"]),
        .testTarget(name: "RepositoryTests", dependencies: ["Results", "TestSupport"]),
    ]
)
