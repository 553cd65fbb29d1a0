import Foundation
import Results

/// Writes a workload's result set — `run.json` and every report derived from it — and the commit
/// directory's `index.html`, each file atomically, holding the results root's lock so that
/// concurrent runs into one root take turns. The `ResultSink` the runner hands results to.
public struct ResultPublisher: ResultSink {
    public let store: ResultStore

    public init(root: URL) { store = ResultStore(root: root) }

    public func publish(_ run: RunResult) throws -> URL {
        try ResultsLock.holding(store.root) {
            let directory = store.directory(for: run.metadata, workload: run.workload.name)
            try ResultStore.writeAtomically(try ResultStore.encode(run), to: directory.appendingPathComponent(ResultStore.runFileName))
            for exporter in ReportExporters.run {
                try ResultStore.writeAtomically(Data(exporter.render(run).utf8), to: directory.appendingPathComponent(exporter.fileName))
            }
            return directory.appendingPathComponent(HTMLReport().fileName)
        }
    }

    public func publishIndex(adding runs: [RunResult]) throws -> URL {
        guard let metadata = runs.first?.metadata else { throw ResultError.io(path: store.root.path, reason: "no result to index") }
        let directory = store.root.appendingPathComponent(metadata.commitDirectoryName)
        return try ResultsLock.holding(store.root) { try Self.writeIndex(in: directory, adding: runs) }
    }

    /// Renders `index.html` of `directory` from `runs` plus every other workload already there
    /// (a suite run in shards or parts still lists everything). The caller holds the lock.
    static func writeIndex(in directory: URL, adding runs: [RunResult]) throws -> URL {
        var byName = (try? ResultSet.load(directory: directory))?.runs ?? [:]
        for run in runs { byName[run.workload.name] = run }
        let index = directory.appendingPathComponent("index.html")
        try ResultStore.writeAtomically(Data(SuiteIndex.render(Array(byName.values)).utf8), to: index)
        return index
    }
}
