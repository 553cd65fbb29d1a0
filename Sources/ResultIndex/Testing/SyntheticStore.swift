import Foundation
@_spi(Testing) import Results

/// A results root of many commits × workloads for measuring history and dashboards at scale
/// (`tool_timings`) and for tests: `SyntheticRun`s written as real `run.json` files under
/// `<commit12>/<workload>/`, one commit a minute on one branch, and indexed as a run would index
/// them. `level` shapes the history (steps, drifts) of each workload; the noise is Gaussian.
@_spi(Testing) public struct SyntheticStore: Sendable {
    public var commits = 500
    public var workloads = 10
    public var metrics = 50
    public var repetitions = 5
    /// Relative standard deviation of each repetition's value.
    public var noise = 0.005
    public var branch = "main"
    /// Multiplies every metric of workload `workload` at commit `position`.
    public var level: @Sendable (_ workload: Int, _ position: Int) -> Double = { _, _ in 1 }
    /// Positions of commits left without results (gaps).
    public var skipped: Set<Int> = []

    public init() {}

    /// The commit id of `position`: 40 hex digits, the same every time.
    public static func commit(_ position: Int) -> String {
        SHA256.hex(Array("synthetic commit \(position)".utf8)).prefix(40).description
    }

    /// Writes every result set under `root`, indexes them, and returns the commits in order.
    @discardableResult
    public func write(to root: URL) throws -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let formatter = ISO8601DateFormatter()
        // The index falls back to memory where it cannot create its file: the root must exist first.
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let index = try ResultIndex(root: root)
        for position in 0..<commits where !skipped.contains(position) {
            var written: [(run: RunResult, directory: URL)] = []
            for workload in 0..<workloads {
                var synthetic = SyntheticRun(workload: "workload-\(workload)", stream: UInt64(position * workloads + workload))
                synthetic.metrics = metrics
                synthetic.repetitions = repetitions
                synthetic.noise = noise
                synthetic.level = level(workload, position)
                synthetic.metadata.commit = Self.commit(position)
                synthetic.metadata.branch = branch
                synthetic.metadata.timestamp = formatter.string(from: start.addingTimeInterval(Double(position) * 60))
                let run = synthetic.make()
                let directory = root.appendingPathComponent(run.metadata.commitDirectoryName).appendingPathComponent(run.workload.name)
                try ResultStore.writeAtomically(try encoder.encode(run), to: directory.appendingPathComponent(ResultStore.runFileName))
                written.append((run, directory))
            }
            try index.record(written)
        }
        return (0..<commits).map(Self.commit)
    }
}
