import Foundation
import ResultIndex
import Results

/// Writes a workload's result set — `run.json` and every report derived from it — and the commit
/// directory's `index.html`, each file atomically, holding the results root's lock so that
/// concurrent runs into one root take turns, then records the set in the root's result index.
/// The `ResultSink` the runner hands results to.
public struct ResultPublisher: ResultSink {
    public let store: ResultStore

    public init(root: URL) { store = ResultStore(root: root) }

    /// Writes every file into a staging directory beside the workload's, then swaps it in
    /// (`DirectorySwap`): readers, and a run killed at any instant, see the previous set or this
    /// one, whole. Profiles the repetitions wrote into the workload's directory move with it.
    public func publish(_ run: RunResult) throws -> URL {
        try ResultsLock.holding(store.root) {
            let directory = store.directory(for: run.metadata, workload: run.workload.name)
            let commit = directory.deletingLastPathComponent()
            DirectorySwap.recover(in: commit)
            let staging = commit.appendingPathComponent(".staging-\(run.workload.name)-\(getpid())")
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
            do {
                try Data(try ResultStore.encode(run)).write(to: staging.appendingPathComponent(ResultStore.runFileName))
                for exporter in ReportExporters.run {
                    try Data(exporter.render(run).utf8).write(to: staging.appendingPathComponent(exporter.fileName))
                }
                let profiles = directory.appendingPathComponent(ResultStore.profilesDirectory)
                if run.repetitions.contains(where: { !($0.profiles ?? []).isEmpty }), FileManager.default.fileExists(atPath: profiles.path) {
                    try FileManager.default.moveItem(at: profiles, to: staging.appendingPathComponent(ResultStore.profilesDirectory))
                }
                try DirectorySwap.replace(directory, with: staging)
            } catch {
                try? FileManager.default.removeItem(at: staging)
                throw error
            }
            Self.index(run, in: directory, root: store.root)
            return directory.appendingPathComponent(HTMLReport().fileName)
        }
    }

    /// Records a set just written in the root's index. A failure only warns: the directory is
    /// written, and the next reader's synchronization indexes it.
    static func index(_ run: RunResult, in directory: URL, root: URL) {
        do throws(IndexError) {
            try ResultIndex(root: root).record(run, in: directory)
        } catch {
            FileHandle.standardError.write(Data("warning: the result index was not updated (\(error)); the next `kvbench history` or `kvbench index rebuild` indexes \(directory.path)\n".utf8))
        }
    }

    /// Whether every file of `run`'s set is in its directory (a set `--resume` finds complete
    /// but with reports missing is published again).
    public func isWhole(_ run: RunResult) -> Bool {
        let directory = store.directory(for: run.metadata, workload: run.workload.name)
        return ([ResultStore.runFileName] + ReportExporters.run.map(\.fileName)).allSatisfy {
            FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
        }
    }

    public func publishIndex(adding runs: [RunResult]) throws -> URL {
        guard let metadata = runs.first?.metadata else { throw ResultError.io(path: store.root.path, reason: "no result to index") }
        let directory = store.root.appendingPathComponent(metadata.commitDirectoryName)
        return try ResultsLock.holding(store.root) { try Self.writeIndex(in: directory, adding: runs) }
    }

    /// Renders `index.html` of `directory` from `runs` plus every other workload already there
    /// (a suite run in shards or parts still lists everything), and a page per sweep among
    /// them. The caller holds the lock.
    static func writeIndex(in directory: URL, adding runs: [RunResult]) throws -> URL {
        let existing = try? ResultSet.load(directory: directory)
        var byName = existing?.runs ?? [:]
        for run in runs { byName[run.workload.name] = run }
        let index = directory.appendingPathComponent("index.html")
        try ResultStore.writeAtomically(Data(SuiteIndex.render(Array(byName.values), unreadable: existing?.unreadable ?? []).utf8), to: index)
        try SweepReport.write(Array(byName.values), in: directory)
        return index
    }
}
