import Results

/// Reading the index: result sets by commit, branch, workload, host and allocator, and the
/// metrics of a list of them.
extension ResultIndex {
    private static let setColumns = """
        id, directory, commit_id, commit_directory, dirty, allocator, branch, timestamp, host, hostname, machine, workload,
        workload_file, workload_sha256, point, repetitions, failed, complete, quick, seconds
        """

    /// The result sets `query` selects, oldest first (by timestamp, then directory).
    public func sets(_ query: SetQuery) throws(IndexError) -> [IndexedSet] {
        var conditions: [String] = []
        var values: [IndexValue] = []
        if let commits = query.commits {
            try fillTemporary("wanted_commit", with: commits.map { .text($0) })
            conditions.append("commit_id IN (SELECT value FROM wanted_commit)")
        }
        if let directories = query.commitDirectories {
            try fillTemporary("wanted_directory", with: directories.map { .text($0) })
            conditions.append("commit_directory IN (SELECT value FROM wanted_directory)")
        }
        for (column, value) in [("branch", query.branch), ("workload", query.workload), ("host", query.host), ("allocator", query.allocator)] {
            guard let value else { continue }
            conditions.append("\(column) = ?")
            values.append(.text(value))
        }
        if !query.includeDirty { conditions.append("dirty = 0") }
        if query.commitDirectories == nil { conditions.append("instr(commit_directory, '+set-') = 0") }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let statement = try database.prepare("SELECT \(Self.setColumns) FROM result_set\(filter) ORDER BY timestamp, directory")
        try statement.bind(values)
        var sets: [IndexedSet] = []
        while try statement.step() { sets.append(Self.set(statement)) }
        return sets
    }

    /// The metrics of `sets` (only those whose name starts with `prefix`, when given), each
    /// pointing back to its set's position in `sets`.
    public func metrics(of sets: [IndexedSet], prefix: String? = nil) throws(IndexError) -> [IndexedMetric] {
        try fillTemporary("wanted_set", with: sets.map { .integer($0.id) })
        var position: [Int64: Int] = [:]
        for (offset, set) in sets.enumerated() { position[set.id] = offset }
        let filter = prefix == nil ? "" : " AND substr(name, 1, length(?1)) = ?1"
        let statement = try database.prepare("""
            SELECT result_set, name, unit, direction, median, mean, stddev, min, max, lower, upper, threshold, vals
            FROM metric WHERE result_set IN (SELECT value FROM wanted_set)\(filter)
            """)
        try statement.bind(prefix.map { [.text($0)] } ?? [])
        var metrics: [IndexedMetric] = []
        while try statement.step() {
            guard let set = position[statement.integer(0)] else { continue }
            metrics.append(IndexedMetric(
                set: set, name: statement.text(1), unit: statement.text(2), direction: Direction(rawValue: statement.text(3)) ?? .neither,
                median: statement.real(4) ?? .nan, mean: statement.real(5) ?? .nan, stddev: statement.real(6) ?? .nan,
                min: statement.real(7) ?? .nan, max: statement.real(8) ?? .nan, lower: statement.real(9) ?? .nan,
                upper: statement.real(10) ?? .nan, threshold: statement.real(11), values: statement.reals(12)))
        }
        return metrics
    }

    /// Every branch with result sets, and how many.
    public func branches() throws(IndexError) -> [(branch: String, sets: Int)] {
        let statement = try database.prepare("SELECT branch, count(*) FROM result_set WHERE dirty = 0 GROUP BY branch ORDER BY count(*) DESC, branch")
        var branches: [(String, Int)] = []
        while try statement.step() { branches.append((statement.text(0), Int(statement.integer(1)))) }
        return branches
    }

    /// Full commit ids of the result sets whose commit starts with `prefix` (an abbreviated id).
    public func commits(startingWith prefix: String) throws(IndexError) -> [String] {
        let statement = try database.prepare("SELECT DISTINCT commit_id FROM result_set WHERE substr(commit_id, 1, length(?1)) = ?1 ORDER BY commit_id")
        try statement.bind([.text(prefix.lowercased())])
        var commits: [String] = []
        while try statement.step() { commits.append(statement.text(0)) }
        return commits
    }

    /// A temporary one-column table holding `values`, for `IN (SELECT value FROM …)`: a list of
    /// thousands of commits does not fit in a statement's parameters.
    private func fillTemporary(_ table: String, with values: [IndexValue]) throws(IndexError) {
        try database.execute("CREATE TEMP TABLE IF NOT EXISTS \(table) (value PRIMARY KEY) WITHOUT ROWID; DELETE FROM \(table)")
        let insert = try database.prepare("INSERT OR IGNORE INTO \(table) (value) VALUES (?)")
        try database.transaction { () throws(IndexError) in
            for value in values { try insert.run([value]) }
        }
    }

    private static func set(_ row: IndexStatement) -> IndexedSet {
        IndexedSet(id: row.integer(0), directory: row.text(1), commit: row.text(2), commitDirectory: row.text(3), dirty: row.integer(4) != 0,
                   allocator: row.text(5), branch: row.text(6), timestamp: row.text(7), host: row.text(8), hostname: row.text(9),
                   machine: row.text(10), workload: row.text(11), workloadFile: row.text(12), workloadSHA256: row.text(13),
                   point: row.optionalText(14), repetitions: Int(row.integer(15)), failed: Int(row.integer(16)), complete: row.integer(17) != 0,
                   quick: row.integer(18) != 0, seconds: row.real(19) ?? 0)
    }
}
