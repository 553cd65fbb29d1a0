// swift-tools-version: 6.1
import PackageDescription

// Dependencies run strictly top to bottom (DESIGN.md §2): the executable is thin, Runner is the
// only module that joins Workload and Engine, Reports reads Results only.
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
        .target(name: "MemoryTracking", dependencies: ["CAllocator"]),
        .target(
            name: "Engine",
            dependencies: ["MemoryTracking", "Locking", "CThreads", "CSQLite", .product(name: "DequeModule", package: "swift-collections")]
        ),
        .target(name: "Workload", dependencies: ["Yams", "Results"]),
        .target(name: "Results"),
        .target(name: "Reports", dependencies: ["Results"]),
        .target(name: "Gate", dependencies: ["Results"]),
        .target(name: "Runner", dependencies: ["Workload", "Engine", "Results", "Reports", "MemoryTracking", "CThreads", "Locking", .product(name: "Histogram", package: "hdrhistogram-swift")]),
        .executableTarget(
            name: "kvbench",
            dependencies: ["Runner", "Gate", "Workload", "Results", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "MemoryTrackingTests", dependencies: ["MemoryTracking"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Locking"]),
        .testTarget(name: "WorkloadTests", dependencies: ["Workload"]),
        .testTarget(name: "ResultsTests", dependencies: ["Results", "Reports"]),
        .testTarget(name: "GateTests", dependencies: ["Gate", "Results"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Results"]),
    ]
)
