import Foundation

/// Where tests find the package, the test binary, the `kvbench` built beside it, and a scratch
/// directory of their own.
public enum TestPaths {
    /// The package root (this file is Tests/TestSupport/TestPaths.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The running test binary (xctest bundle executable).
    public static var testBinary: URL {
        URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0]).resolvingSymlinksInPath()
    }

    /// The build directory the tests were built into (debug or release).
    public static var buildDirectory: URL { testBinary.deletingLastPathComponent() }

    /// The `kvbench` executable built next to the tests, or nil when it was not built.
    public static var kvbench: URL? {
        let executable = buildDirectory.appendingPathComponent("kvbench")
        return FileManager.default.isExecutableFile(atPath: executable.path) ? executable : nil
    }

    /// A new empty directory under the system's temporary directory, for one test.
    public static func scratchDirectory(_ prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
