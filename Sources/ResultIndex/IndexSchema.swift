/// The tables of the result index. One row per result set (a workload's directory under a commit
/// directory) and one per metric of it, with the summary statistics and the repetitions' values.
/// Statistics are NULL where a value was not finite. The index is derived from the directories, so a file of another schema version is not
/// migrated: it is emptied and filled again from them.
enum IndexSchema {
    static let version = "1"

    static let tables = """
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS result_set (
        id INTEGER PRIMARY KEY,
        directory TEXT NOT NULL UNIQUE,
        commit_id TEXT NOT NULL,
        commit_directory TEXT NOT NULL,
        dirty INTEGER NOT NULL,
        allocator TEXT NOT NULL,
        branch TEXT NOT NULL,
        timestamp TEXT NOT NULL,
        host TEXT NOT NULL,
        hostname TEXT NOT NULL,
        machine TEXT NOT NULL,
        workload TEXT NOT NULL,
        workload_file TEXT NOT NULL,
        workload_sha256 TEXT NOT NULL,
        point TEXT,
        repetitions INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        complete INTEGER NOT NULL,
        quick INTEGER NOT NULL,
        seconds REAL NOT NULL,
        file_size INTEGER NOT NULL,
        file_mtime INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS result_set_commit ON result_set (commit_id);
    CREATE INDEX IF NOT EXISTS result_set_branch ON result_set (branch, workload);
    CREATE TABLE IF NOT EXISTS metric (
        result_set INTEGER NOT NULL REFERENCES result_set (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        unit TEXT NOT NULL,
        direction TEXT NOT NULL,
        count INTEGER NOT NULL,
        median REAL,
        mean REAL,
        stddev REAL,
        min REAL,
        max REAL,
        lower REAL,
        upper REAL,
        threshold REAL,
        vals BLOB NOT NULL,
        PRIMARY KEY (result_set, name)
    ) WITHOUT ROWID;
    """

    static let dropAll = "DROP TABLE IF EXISTS metric; DROP TABLE IF EXISTS result_set; DROP TABLE IF EXISTS meta;"
}
