import Engine
import MemoryTracking
import Results

/// The figures taken once every phase has run: each phase family's totals, the engine's counters
/// over every bucket the repetition had, memory by domain and the allocator's process totals.
enum EndOfRunMetrics {
    /// Records them into `ledger`; returns the figures that could not be measured, with the reason.
    static func record(_ context: RepetitionContext, _ ledger: inout MeasurementLedger) throws(PhaseFailure) -> [String] {
        try DcpPhases.finish(context, &ledger)
        LoadPhases.finish(&ledger)
        CheckpointPhases.finish(context, &ledger)
        engineCounters(context, &ledger)
        LoadPhases.finishBaselines(&ledger)
        CheckpointPhases.finishPerformance(context, &ledger)
        return PersistencePhases.finish(context, &ledger) + memory(context, &ledger)
    }

    /// Counters of the engine over every bucket the repetition had, and failures its background
    /// tasks survived.
    private static func engineCounters(_ context: RepetitionContext, _ ledger: inout MeasurementLedger) {
        let bucket = context.bucket
        ledger.record(Metrics.checkpointMemory, Double(bucket.checkpointMemory.total))
        let stats = context.engine.stats
        recovery(stats.recovery, allocatorFigures: context.domainCounters, &ledger)
        if stats.tmpOOMErrors > 0 {
            ledger.record(Metrics.temporaryFailuresByCause, Double(stats.tmpFailuresCheckpointMemory), "checkpoint_memory")
            ledger.record(Metrics.temporaryFailuresByCause, Double(stats.tmpOOMErrors - stats.tmpFailuresCheckpointMemory), "memory")
        }
        ledger.record(Metrics.valuesEvicted, Double(stats.valuesEvicted))
        ledger.record(Metrics.itemsEvicted, Double(stats.itemsEvicted))
        if bucket.isPersistent {
            ledger.record(Metrics.backgroundFetches, Double(stats.bgFetches))
            if stats.flushSeconds > 0 { ledger.record(Metrics.persistenceRate, Double(stats.itemsFlushed) / stats.flushSeconds) }
            if stats.flushErrors > 0 { ledger.record(Metrics.persistenceErrors, Double(stats.flushErrors)) }
            if context.engine.restarts > 0 {
                ledger.record(Metrics.warmupItems, Double(stats.warmupItems))
                ledger.record(Metrics.warmupSeconds, stats.warmupSeconds)
                ledger.record(Metrics.warmupValuesLeftOnDisk, Double(stats.warmupValuesSkipped))
            }
            ledger.record(Metrics.sqliteReported, Double(Bucket.storageLibraryMemoryUsed))
        }
        let failures = context.engine.taskFailures
        if !failures.isEmpty {
            ledger.record(Metrics.taskFailures, Double(failures.reduce(0) { $0 + $1.count }))
            for failure in failures {
                ledger.note("background task \(failure.task) failed \(failure.count) time(s) and retried; last error: \(failure.lastMessage)")
            }
        }
    }

    /// Recovery's split by strategy: what each did, and what it freed by the engine's accounting
    /// and — with per-thread allocator counters — by the allocator's.
    private static func recovery(_ recovery: CheckpointRecoverySnapshot, allocatorFigures: Bool, _ ledger: inout MeasurementLedger) {
        ledger.record(Metrics.recoveryCheckpointsRemoved, Double(recovery.checkpointsRemoved))
        ledger.record(Metrics.recoveryItemsExpelled, Double(recovery.itemsExpelled))
        ledger.record(Metrics.recoveryCursorsDropped, Double(recovery.cursorsDropped))
        ledger.record(Metrics.recoveryCheckpointsRemovedByCursorDrop, Double(recovery.checkpointsRemovedByCursorDrop))
        for strategy in CheckpointRecoveryStats.Strategy.allCases {
            ledger.record(Metrics.recoveryEngineFreed, Double(recovery.engineBytes(strategy)), strategy.metricName)
            if allocatorFigures { ledger.record(Metrics.recoveryAllocatorFreed, Double(recovery.allocatorBytes(strategy)), strategy.metricName) }
        }
    }

    /// Bytes by domain (when the allocator has per-domain counters and tracking was never
    /// paused), the allocator's own totals and the process's peak RSS; returns why per-domain
    /// figures are missing after a pause.
    private static func memory(_ context: RepetitionContext, _ ledger: inout MeasurementLedger) -> [String] {
        var unavailable: [String] = []
        if let phase = ledger.trackingPausedBy, context.domainCounters {
            let figures = [Metrics.primaryAllocated, Metrics.secondaryAllocated, Metrics.kvbenchAllocated].map { $0.name() }
            unavailable.append("phase \(phase) paused memory-domain tracking: per-domain figures taken after it (\(figures.joined(separator: ", "))) "
                               + "would have moved engine bytes into kvbench's own and are not reported")
        }
        if ledger.domainFigures(context) {
            let primary = context.baseline.since(.primary)
            ledger.record(Metrics.primaryAllocated, Double(primary))
            if context.bucket.isPersistent { ledger.record(Metrics.secondaryAllocated, Double(context.baseline.since(.secondary))) }
            // kvbench's own threads run in `none`: the sampler's series, latency histograms,
            // value buffers, DCP consumers and (when used) the verify oracle and baseline dictionary.
            let own = context.baseline.since(.none)
            ledger.record(Metrics.kvbenchAllocated, Double(own))
            if primary > 0 { ledger.record(Metrics.kvbenchPrimaryRatio, Double(own) / Double(primary)) }
        }
        let figures = ProcessAllocatorFigures.read(context.allocator.kind)
        for (name, value) in figures.sorted(by: { $0.key < $1.key }) { ledger.record(Metrics.processFigure, Double(value), name) }
        if context.allocator.kind == .jemalloc, let allocated = figures["allocated"], allocated > 0 {
            ledger.record(Metrics.fragmentationActive, Double(figures["active"] ?? 0) / Double(allocated))
            ledger.record(Metrics.fragmentationResident, Double(figures["resident"] ?? 0) / Double(allocated))
        }
        if let rss = ProcessMemory.peakResidentBytes() { ledger.record(Metrics.peakRSS, Double(rss)) }
        return unavailable
    }
}

extension CheckpointRecoveryStats.Strategy {
    /// The strategy's name in metric names.
    var metricName: String {
        switch self {
        case .checkpointRemoval: "checkpoint_removal"
        case .itemExpel: "item_expel"
        case .cursorDrop: "cursor_drop"
        }
    }
}
