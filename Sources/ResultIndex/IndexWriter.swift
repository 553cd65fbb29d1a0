import Results

/// Writes result sets into the index: one `result_set` row and a `metric` row per metric of the
/// summary (median, spread, the median's interval, the resolved relative threshold and every
/// measured repetition's value). The caller holds a transaction.
struct IndexWriter {
    private let insertSet: IndexStatement
    private let insertMetric: IndexStatement
    private let deleteSet: IndexStatement
    private let database: IndexDatabase

    init(_ database: IndexDatabase) throws(IndexError) {
        self.database = database
        insertSet = try database.prepare("""
            INSERT INTO result_set (directory, commit_id, commit_directory, dirty, allocator, branch, timestamp, host, hostname, machine,
                workload, workload_file, workload_sha256, point, repetitions, failed, complete, quick, seconds, file_size, file_mtime)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertMetric = try database.prepare("""
            INSERT OR REPLACE INTO metric (result_set, name, unit, direction, count, median, mean, stddev, min, max, lower, upper, threshold, vals)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        deleteSet = try database.prepare("DELETE FROM result_set WHERE directory = ?")
    }

    func remove(_ directory: String) throws(IndexError) {
        try deleteSet.run([.text(directory)])
    }

    func insert(_ run: RunResult, file: StoredFile) throws(IndexError) {
        try remove(file.directory)
        let meta = run.metadata
        let failed = run.repetitions.filter { $0.status == .failed }.count
        let measured = run.measured
        let complete = run.interrupted != true && failed == 0 && measured.count >= (run.options?.repetitions ?? measured.count)
        try insertSet.run([
            .text(file.directory), .text(meta.commit), .text(String(file.directory.prefix { $0 != "/" })), .integer(meta.dirty ? 1 : 0),
            .text(meta.allocator.kind), .text(meta.branch), .text(meta.timestamp), .text(meta.host.fingerprint), .text(meta.host.hostname),
            .text(meta.host.machine), .text(run.workload.name), .text(run.workload.file), .text(run.workload.sha256),
            run.workload.matrix.map { .text($0.joined(separator: "+")) } ?? .null,
            .integer(Int64(measured.count)), .integer(Int64(failed)), .integer(complete ? 1 : 0), .integer(run.options?.quick == true ? 1 : 0),
            .real(Self.seconds(run)), .integer(file.size), .integer(file.modified),
        ])
        let set = database.lastInsertedRow
        for row in SummaryRow.rows(for: run) {
            let values = measured.compactMap { $0.metric(row.metric)?.value }
            let statistics = row.statistics
            let interval = MedianInterval(values)
            try insertMetric.run([
                .integer(set), .text(row.metric), .text(row.unit), .text(row.direction.rawValue), .integer(Int64(statistics.count)),
                .real(statistics.median), .real(statistics.mean), .real(statistics.stddev), .real(statistics.min), .real(statistics.max),
                .real(interval?.lower ?? statistics.min), .real(interval?.upper ?? statistics.max),
                Threshold.resolve(row.metric, in: run.thresholds ?? [:], definition: row.definition).relative.map { .real($0) } ?? .null,
                .reals(values),
            ])
        }
    }

    /// How long the run took, repetitions and warm-ups together: what a planner expects the next
    /// run of this workload to take (process starts excluded; they are small beside the phases).
    static func seconds(_ run: RunResult) -> Double {
        run.repetitions.reduce(0) { $0 + ($1.phases.map(\.end).max() ?? 0) }
    }
}
