import Foundation
import Results

/// The SQLite index of a results root (`<root>/.kvbench-index.sqlite`): every result set — commit,
/// branch, host, workload, matrix point — and the summary of each of its metrics, so that
/// history, comparisons by revision and dashboards query across commits, branches and machines
/// without opening thousands of `run.json` files. The directories stay the source of truth:
/// `synchronize` brings the index in line with them (new, changed and vanished files), `rebuild`
/// reads them all again. A root this process cannot write gets an index in memory instead.
/// Not thread-safe: one instance per thread.
public final class ResultIndex {
    public static let fileName = ".kvbench-index.sqlite"

    public let root: URL
    /// True when the root could not hold the index file and the index lives in memory.
    public let inMemory: Bool
    let database: IndexDatabase

    public init(root: URL) throws(IndexError) {
        self.root = root
        (database, inMemory) = try Self.open(root.appendingPathComponent(Self.fileName).path, in: root)
        try database.execute("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON")
        try prepareSchema()
    }

    private static func open(_ path: String, in root: URL) throws(IndexError) -> (IndexDatabase, Bool) {
        do {
            let database = try IndexDatabase(path: path)
            try database.execute("PRAGMA journal_mode=WAL")
            return (database, false)
        } catch {
            // A read-only copy of someone's results (a CI artifact) is still worth querying.
            guard !FileManager.default.isWritableFile(atPath: root.path) else { throw error }
            return (try IndexDatabase(path: ":memory:"), true)
        }
    }

    /// Creates the tables; a file of another schema version is emptied (it is refilled by the
    /// next synchronization).
    private func prepareSchema() throws(IndexError) {
        try database.transaction { () throws(IndexError) in
            try database.execute(IndexSchema.tables)
            let version = try database.prepare("SELECT value FROM meta WHERE key = 'schema'")
            let current = try version.step() ? version.text(0) : nil
            version.reset()
            guard current != IndexSchema.version else { return }
            if current != nil {
                try database.execute(IndexSchema.dropAll)
                try database.execute(IndexSchema.tables)
            }
            try database.prepare("INSERT INTO meta (key, value) VALUES ('schema', ?)").run([.text(IndexSchema.version)])
        }
    }

    /// Indexes (or re-indexes) the result set just written to `directory` (`<root>/<commit dir>/<workload>`).
    public func record(_ run: RunResult, in directory: URL) throws(IndexError) {
        try record([(run, directory)])
    }

    /// Indexes result sets just written, in one transaction.
    public func record(_ written: [(run: RunResult, directory: URL)]) throws(IndexError) {
        let files = try written.map { entry throws(IndexError) -> StoredFile in
            let relative = entry.directory.deletingLastPathComponent().lastPathComponent + "/" + entry.directory.lastPathComponent
            guard let file = StoredFile.find(root: root, directory: relative) else {
                throw IndexError(path: entry.directory.path, message: "no \(ResultStore.runFileName) to index")
            }
            return file
        }
        let writer = try IndexWriter(database)
        try database.transaction { () throws(IndexError) in
            for (entry, file) in zip(written, files) { try writer.insert(entry.run, file: file) }
        }
    }

    /// What a synchronization did.
    public struct Update: Sendable, Equatable {
        public var indexed = 0
        public var removed = 0
        public var unchanged = 0
        /// Result files that could not be read (each names its file); they are not in the index.
        public var unreadable: [String] = []
    }

    /// Indexes every `run.json` that is new or changed since it was indexed and forgets the
    /// result sets whose files are gone. Reads only the files that changed.
    public func synchronize() throws(IndexError) -> Update {
        var known: [String: (size: Int64, modified: Int64)] = [:]
        let listing = try database.prepare("SELECT directory, file_size, file_mtime FROM result_set")
        while try listing.step() { known[listing.text(0)] = (listing.integer(1), listing.integer(2)) }
        var update = Update()
        var changed: [StoredFile] = []
        for file in StoredFile.scan(root) {
            if let entry = known.removeValue(forKey: file.directory), entry == (file.size, file.modified) {
                update.unchanged += 1
            } else {
                changed.append(file)
            }
        }
        let writer = try IndexWriter(database)
        let gone = Array(known.keys)
        try database.transaction { () throws(IndexError) in
            for directory in gone { try writer.remove(directory) }
        }
        update.removed = gone.count
        // In batches, so that a publisher waiting for the write lock waits for one batch, not for all.
        for start in stride(from: 0, to: changed.count, by: 100) {
            let batch = changed[start..<min(start + 100, changed.count)]
            var loaded: [(RunResult, StoredFile)] = []
            for file in batch {
                do throws(ResultError) {
                    loaded.append((try ResultStore.load(root.appendingPathComponent(file.directory).appendingPathComponent(ResultStore.runFileName)), file))
                } catch {
                    update.unreadable.append(error.description)
                }
            }
            try database.transaction { () throws(IndexError) in
                for file in batch { try writer.remove(file.directory) }
                for (run, file) in loaded { try writer.insert(run, file: file) }
            }
            update.indexed += loaded.count
        }
        return update
    }

    /// Forgets everything and reads every result directory again.
    public func rebuild() throws(IndexError) -> Update {
        try database.transaction { () throws(IndexError) in try database.execute("DELETE FROM metric; DELETE FROM result_set") }
        return try synchronize()
    }
}
