#if canImport(Glibc)
import Glibc
#endif
import Engine
import MemoryTracking
import Reports
import Results
import Workload

/// What one repetition has measured so far, and the phase implementations that add to it.
/// Owned by the thread that drives the phases; a `parallel` phase forks one copy per branch and
/// merges them back. Worker threads report back through return values.
struct PhaseState: Sendable {
    let engine: BucketHandle
    /// The bucket in service now (a `restart` phase replaces it).
    var bucket: Bucket { engine.bucket }
    let workload: Workload
    let clock: RepetitionClock
    let sampler: Sampler
    let allocator: AllocatorInfo
    /// Per-domain byte counters exist (jemalloc, or tcmalloc through hooks).
    var domainCounters: Bool { allocator.hasDomainCounters }
    let dcp = DcpRegistry()
    /// What `verify` checks; nil when the workload has no verify phase (recording costs a lock per write).
    let acknowledged: AcknowledgedMutations?
    /// What load, mutate and replay phases drive.
    var engineTarget: EngineTarget { EngineTarget(bucket: bucket, acknowledged: acknowledged) }

    private(set) var metrics: [MetricValue] = []
    private(set) var phases: [PhaseRecord] = []
    private(set) var markers: [Marker] = []
    private var totals = OperationCounts()
    private(set) var latencyRecords: [LatencyRecord] = []
    /// Things the user should know about the run (reported with the unavailable figures).
    private(set) var notes: [String] = []
    private var allLatencies = OperationLatencies()
    private var frontEndSeconds = 0.0
    var expelled = ExpelResult()
    var allocatorFreedByExpel: Int64 = 0
    private var expelPhases = 0
    /// Performance comparisons (see `PhaseState+Baselines`): operations on the dictionary
    /// baseline, and engine operations with domain tracking on and paused.
    var baselines = Throughputs()
    var tracked = Throughputs()
    var untracked = Throughputs()
    let baselineStore = DictionaryBaseline()
    /// Nanoseconds spent inside expel calls.
    var expelNanoseconds: UInt64 = 0
    /// Releasing as many items from a plain deque (`expel: {baseline: true}`).
    var expelBaseline = ItemRate()

    init(engine: BucketHandle, workload: Workload, clock: RepetitionClock, sampler: Sampler, allocator: AllocatorInfo) {
        self.engine = engine
        acknowledged = workload.phases.contains { $0.contains { $0 == .verify } } ? AcknowledgedMutations() : nil
        self.workload = workload
        self.clock = clock
        self.sampler = sampler
        self.allocator = allocator
    }

    /// Runs one phase. `path` names it in metrics: the top-level index, or `3.1.0` for the first
    /// phase of branch 1 of parallel phase 3.
    mutating func execute(_ phase: Phase, path: String, seed: Int) throws(PhaseFailure) {
        let start = clock.seconds
        var ops = 0
        switch phase {
        case .load(let load):
            let (counts, latencies) = runLoad(load, phase: seed)
            ops = counts.total
            record(counts, latencies, since: start, path: path, kind: phase.kind)
        case .mutate(let mutate):
            let (counts, latencies) = runMutate(mutate, phase: seed, on: engineTarget)
            ops = counts.total
            record(counts, latencies, since: start, path: path, kind: phase.kind)
            if let rate = mutate.rate {
                let achieved = Double(counts.total) / max(clock.seconds - start, 1e-9)
                add("phase.\(path).mutate.target_rate", "ops/s", .higherIsBetter, rate)
                if achieved < 0.95 * rate {
                    notes.append("phase \(path): the target rate \(Int(rate))/s was not reached (\(Int(achieved))/s); latencies include the backlog")
                }
            }
        case .cursor(let cursor):
            ops = runCursor(cursor)
        case .expel(let baseline):
            ops = runExpel(baseline: baseline)
            markers.append(Marker(t: clock.seconds, label: "expel"))
        case .snapshot(let label):
            snapshot(label)
            markers.append(Marker(t: clock.seconds, label: label))
        case .persist(let wait, let timeout):
            if wait && !bucket.waitForPersistence(timeout: timeout) {
                throw PhaseFailure(path: path, message: "persistence did not catch up within \(timeout)s")
            }
        case .setQuota(let bytes):
            bucket.setQuota(bytes)
            markers.append(Marker(t: clock.seconds, label: "quota → \(Quantity.formatSize(Double(bytes)))"))
        case .wait(let condition, let timeout):
            try wait(until: condition, timeout: timeout, path: path)
        case .sleep(let seconds):
            usleep(UInt32(min(seconds, 4000) * 1e6))
        case .parallel(let branches):
            try runParallel(branches, path: path, seed: seed)
        case .dcp(let spec):
            dcp.add(DcpStreamSet(spec, bucket: bucket))
            markers.append(Marker(t: clock.seconds, label: "dcp \(spec.name)"))
        case .dcpWait(let name, let timeout):
            try waitForStreams(name, timeout: timeout, path: path)
        case .dcpClose(let name):
            if let set = dcp.take(name) { try record(set.finish(), path: path) }
        case .evict:
            ops = bucket.evictAllClean()
        case .newCheckpoint:
            bucket.createNewCheckpoints()
        case .replay(let replay):
            let (counts, latencies) = try runReplay(replay, path: path)
            ops = counts.total
            record(counts, latencies, since: start, path: path, kind: phase.kind)
        case .restart(let kill):
            ops = try restart(kill: kill, path: path)
            markers.append(Marker(t: clock.seconds, label: kill ? "killed + warmup" : "restart + warmup"))
        case .storageFaults(let mode):
            bucket.storageFaults?.set(StorageFaults.Mode(mode))
            markers.append(Marker(t: clock.seconds, label: "storage faults: \(mode)"))
        case .verify:
            ops = try verify(path: path)
        case .baseline(let mutate):
            ops = runBaselinePhase(mutate, path: path, seed: seed)
        case .domainTracking(let enabled):
            MemoryDomain.setTracking(enabled)
            markers.append(Marker(t: clock.seconds, label: enabled ? "tracking on" : "tracking off"))
        case .toolTimings(let directory):
            do {
                let figures = try ToolTimings.measure(workloads: directory, executable: SuiteRunner.currentExecutable() ?? "kvbench")
                add("kvbench.startup.seconds", "seconds", .lowerIsBetter, figures.startupSeconds)
                for figure in figures.timed {
                    add("kvbench.\(figure.name).seconds", "seconds", .lowerIsBetter, figure.seconds)
                    add("kvbench.\(figure.name).budget_ratio", "ratio", .lowerIsBetter, figure.seconds / figure.budget)
                }
            } catch {
                throw PhaseFailure(path: path, message: "\(error)")
            }
        case .switchCost(let switches):
            ops = switches
            add("tracking.switch.ns", "ns", .lowerIsBetter, Self.switchCost(switches))
        }
        let end = clock.seconds
        phases.append(PhaseRecord(index: Int(path.prefix { $0 != "." }) ?? 0, kind: phase.kind, start: start, end: end, ops: ops,
                                  path: path.contains(".") ? path : nil))
        metrics.append(MetricValue(name: "phase.\(path).\(phase.kind).duration", unit: "seconds", direction: .lowerIsBetter, value: end - start))
    }

    private mutating func waitForStreams(_ name: String, timeout: Double, path: String) throws(PhaseFailure) {
        guard let set = dcp.peek(name) else { return }
        let deadline = clock.seconds + timeout
        while !set.isDone {
            if clock.seconds > deadline {
                throw PhaseFailure(path: path, message: "DCP streams '\(name)' had not ended after \(timeout)s (\(set.consumer.itemsReceived) items received)")
            }
            usleep(5_000)
        }
        if let finished = dcp.take(name) { try record(finished.finish(), path: path) }
    }

    /// A consumer that did not verify fails the repetition.
    mutating func record(_ outcome: DcpOutcome, path: String) throws(PhaseFailure) {
        dcp.record(outcome)
        markers.append(Marker(t: clock.seconds, label: "dcp \(outcome.name) done"))
        guard outcome.failures.isEmpty else {
            throw PhaseFailure(path: path, message: "DCP consumer '\(outcome.name)' failed verification: \(outcome.failures.prefix(5).joined(separator: "; "))")
        }
    }

    /// Backfill and consumer figures over every stream set of the run.
    private mutating func dcpMetrics() throws(PhaseFailure) {
        let outcomes = dcp.finishAll()
        guard !outcomes.isEmpty else { return }
        if let failed = outcomes.first(where: { !$0.failures.isEmpty }) {
            throw PhaseFailure(path: "end", message: "DCP consumer '\(failed.name)' failed verification: \(failed.failures.prefix(5).joined(separator: "; "))")
        }
        add("dcp.consumer.verified", "bool", .higherIsBetter, 1)
        add("dcp.consumer.items", "items", .higherIsBetter, Double(outcomes.reduce(0) { $0 + $1.itemsReceived }))
        let items = outcomes.reduce(0) { $0 + $1.backfill.items }
        let bytes = outcomes.reduce(0) { $0 + $1.backfill.bytes }
        add("backfill.items", "items", .higherIsBetter, Double(items))
        metrics.append(.bytes("backfill.bytes", Double(bytes), .higherIsBetter))
        add("backfill.runs", "count", .lowerIsBetter, Double(outcomes.reduce(0) { $0 + $1.backfill.runs }))
        add("backfill.snoozes", "count", .lowerIsBetter, Double(outcomes.reduce(0) { $0 + $1.backfill.snoozes }))
        add("backfill.buffer_full_events", "count", .lowerIsBetter, Double(outcomes.reduce(0) { $0 + $1.bufferFullEvents }))
        let starts = outcomes.compactMap(\.backfill.startedAt), ends = outcomes.compactMap(\.backfill.finishedAt)
        if let start = starts.min(), let end = ends.max(), end > start, items > 0 {
            add("backfill.duration_seconds", "seconds", .lowerIsBetter, end - start)
            add("backfill.items_per_sec", "items/s", .higherIsBetter, Double(items) / (end - start))
            add("backfill.bytes_per_sec", "bytes/s", .higherIsBetter, Double(bytes) / (end - start))
            let cpu = outcomes.reduce(0) { $0 + $1.backfill.cpuSeconds }
            add("backfill.task.cpu_seconds", "seconds", .lowerIsBetter, cpu)
            add("backfill.task.cpu_share", "ratio", .higherIsBetter, cpu / (end - start))
            let raw = bucket.measureRawScan(vbuckets: Array(0..<bucket.numVBuckets))
            if raw.seconds > 0 {
                let rawRate = Double(raw.bytes) / raw.seconds
                add("backfill.raw_scan.bytes_per_sec", "bytes/s", .higherIsBetter, rawRate)
                // The ratio within one repetition: machine drift between repetitions cancels out.
                add("backfill.raw_scan.ratio", "ratio", .higherIsBetter, Double(bytes) / (end - start) / rawRate)
            }
        }
    }

    /// End-of-run figures.
    mutating func finish() throws(PhaseFailure) -> [String] {
        try dcpMetrics()
        var unavailable: [String] = []
        if frontEndSeconds > 0 {
            if totals.sets > 0 { add("ops.set.throughput", "ops/s", .higherIsBetter, Double(totals.sets) / frontEndSeconds) }
            if totals.gets > 0 { add("ops.get.throughput", "ops/s", .higherIsBetter, Double(totals.gets) / frontEndSeconds) }
        }
        for latency in allLatencies.records(phase: "all") {
            add("ops.\(latency.operation).latency.p50", "us", .lowerIsBetter, latency.p50)
            add("ops.\(latency.operation).latency.p99", "us", .lowerIsBetter, latency.p99)
            add("ops.\(latency.operation).latency.p999", "us", .lowerIsBetter, latency.p999)
        }
        if totals.errors > 0 { add("ops.errors", "count", .lowerIsBetter, Double(totals.errors)) }
        if totals.temporaryFailures > 0 { add("ops.tmp_failures", "count", .lowerIsBetter, Double(totals.temporaryFailures)) }
        if totals.outOfMemory > 0 { add("ops.oom_errors", "count", .lowerIsBetter, Double(totals.outOfMemory)) }
        if expelPhases > 0 {
            add("checkpoint.items_expelled", "items", .higherIsBetter, Double(expelled.count))
            metrics.append(.bytes("checkpoint.memory.freed_by_expel", Double(expelled.memory), .higherIsBetter))
            if domainCounters { metrics.append(.bytes("checkpoint.allocator.freed_by_expel", Double(allocatorFreedByExpel), .higherIsBetter)) }
        }
        metrics.append(.bytes("checkpoint.memory", Double(bucket.checkpointMemory.total)))
        let stats = engine.stats
        add("checkpoint.recovery.items_expelled", "items", .lowerIsBetter, Double(stats.recoveryItemsExpelled))
        add("checkpoint.recovery.cursors_dropped", "count", .lowerIsBetter, Double(stats.recoveryCursorsDropped))
        add("evictions.values", "items", .lowerIsBetter, Double(stats.valuesEvicted))
        add("evictions.items", "items", .lowerIsBetter, Double(stats.itemsEvicted))
        if bucket.isPersistent {
            add("bgfetch.count", "count", .lowerIsBetter, Double(stats.bgFetches))
            if stats.flushSeconds > 0 {
                add("persistence.items_per_sec", "items/s", .higherIsBetter, Double(stats.itemsFlushed) / stats.flushSeconds)
            }
            if stats.flushErrors > 0 { add("persistence.errors", "count", .lowerIsBetter, Double(stats.flushErrors)) }
            if engine.restarts > 0 {
                add("warmup.items", "items", .higherIsBetter, Double(stats.warmupItems))
                add("warmup.seconds", "seconds", .lowerIsBetter, stats.warmupSeconds)
                add("warmup.values_left_on_disk", "items", .lowerIsBetter, Double(stats.warmupValuesSkipped))
            }
            metrics.append(.bytes("mem.secondary.sqlite_reported", Double(Bucket.storageLibraryMemoryUsed)))
        }
        let failures = engine.taskFailures
        if !failures.isEmpty {
            add("tasks.failures", "count", .lowerIsBetter, Double(failures.reduce(0) { $0 + $1.count }))
            notes += failures.map { "background task \($0.task) failed \($0.count) time(s) and retried; last error: \($0.lastMessage)" }
        }
        performanceMetrics()
        unavailable += quotaChangeMetrics()
        if domainCounters {
            let primary = MemoryDomain.primary.preciseBytes
            metrics.append(.bytes("mem.primary.allocated", Double(primary)))
            if bucket.isPersistent { metrics.append(.bytes("mem.secondary.allocated", Double(MemoryDomain.secondary.preciseBytes))) }
            // kvbench's own threads run in `none`: the sampler's series, latency histograms,
            // value buffers, DCP consumers and (when used) the verify oracle and baseline dictionary.
            let own = MemoryDomain.none.preciseBytes
            metrics.append(.bytes("mem.kvbench.allocated", Double(own)))
            if primary > 0 { add("mem.kvbench.primary_ratio", "ratio", .lowerIsBetter, Double(own) / Double(primary)) }
        }
        let figures = ProcessAllocatorFigures.read(allocator.kind)
        for (name, value) in figures.sorted(by: { $0.key < $1.key }) { metrics.append(.bytes("mem.process.\(name)", Double(value))) }
        if allocator.kind == .jemalloc, let allocated = figures["allocated"], allocated > 0 {
            add("mem.process.fragmentation.active", "ratio", .lowerIsBetter, Double(figures["active"] ?? 0) / Double(allocated))
            add("mem.process.fragmentation.resident", "ratio", .lowerIsBetter, Double(figures["resident"] ?? 0) / Double(allocated))
        }
        if let rss = ProcessMemory.peakResidentBytes() { metrics.append(.bytes("mem.process.peak_rss", Double(rss))) }
        return unavailable
    }

    /// Figures of the last quota change, if the workload made one.
    private mutating func quotaChangeMetrics() -> [String] {
        guard let change = bucket.quotaChanges.last else { return [] }
        guard let seconds = change.convergeSeconds, let atApply = change.statsAtApply else {
            return ["quota change to \(Quantity.formatSize(Double(change.to))) had not converged when the run ended: quota.change.* not reported"]
        }
        add("quota.change.converge_seconds", "seconds", .lowerIsBetter, seconds)
        add("quota.change.tmp_oom_errors", "count", .lowerIsBetter, Double(atApply.tmpOOMErrors - change.statsAtRequest.tmpOOMErrors))
        add("quota.change.oom_errors", "count", .lowerIsBetter, Double(atApply.oomErrors - change.statsAtRequest.oomErrors))
        metrics.append(.bytes("quota.change.mem_used.peak", Double(change.memUsedPeak)))
        return []
    }

    private func wait(until condition: WaitCondition, timeout: Double, path: String) throws(PhaseFailure) {
        let deadline = clock.seconds + timeout
        let bucket = bucket
        while !condition.evaluate({ EngineGauges.value($0, of: bucket) }) {
            if clock.seconds > deadline {
                let values = condition.variableNames.sorted().map { "\($0) = \(NumberText.plain(EngineGauges.value($0, of: bucket)))" }
                throw PhaseFailure(path: path, message: "'\(condition)' still false after \(timeout)s (\(values.joined(separator: ", ")))")
            }
            usleep(10_000)
        }
    }

    /// Runs every branch on its own thread from a copy of this state, then merges what they measured.
    private mutating func runParallel(_ branches: [[Phase]], path: String, seed: Int) throws(PhaseFailure) {
        var template = self
        template.resetMeasurements()
        let fork = template
        let outcomes = WorkerThreads.run(count: branches.count, name: "kvb-branch") { branch -> Result<PhaseState, PhaseFailure> in
            var state = fork
            for (index, phase) in branches[branch].enumerated() {
                do throws(PhaseFailure) {
                    try state.execute(phase, path: "\(path).\(branch).\(index)", seed: seed * 1000 + branch * 100 + index)
                } catch {
                    return .failure(error)
                }
            }
            return .success(state)
        }
        for outcome in outcomes {
            switch outcome {
            case .success(let branch): merge(branch)
            case .failure(let failure): throw failure
            }
        }
    }

    private mutating func resetMeasurements() {
        metrics = []
        phases = []
        markers = []
        latencyRecords = []
        notes = []
        allLatencies = OperationLatencies()
        totals = OperationCounts()
        frontEndSeconds = 0
        expelled = ExpelResult()
        allocatorFreedByExpel = 0
        expelPhases = 0
        baselines = Throughputs()
        tracked = Throughputs()
        untracked = Throughputs()
        expelNanoseconds = 0
        expelBaseline = ItemRate()
    }

    private mutating func merge(_ branch: PhaseState) {
        metrics += branch.metrics
        phases += branch.phases
        markers += branch.markers
        totals.add(branch.totals)
        latencyRecords += branch.latencyRecords
        notes += branch.notes
        allLatencies.add(branch.allLatencies)
        frontEndSeconds += branch.frontEndSeconds
        expelled = expelled + branch.expelled
        allocatorFreedByExpel += branch.allocatorFreedByExpel
        expelPhases += branch.expelPhases
        baselines.add(branch.baselines)
        tracked.add(branch.tracked)
        untracked.add(branch.untracked)
        expelNanoseconds += branch.expelNanoseconds
        expelBaseline.add(items: branch.expelBaseline.items, seconds: branch.expelBaseline.seconds)
    }

    mutating func add(_ name: String, _ unit: String, _ direction: Direction, _ value: Double) {
        metrics.append(MetricValue(name: name, unit: unit, direction: direction, value: value))
    }

    private mutating func record(_ counts: OperationCounts, _ latencies: OperationLatencies, since start: Double, path: String, kind: String) {
        let seconds = max(clock.seconds - start, 1e-9)
        if !MemoryDomain.isTracking {
            // The overhead benchmark's "off" side: kept apart so ops.* stay with tracking on.
            untracked.add(counts, seconds: seconds)
            add("phase.\(path).\(kind).throughput", "ops/s", .higherIsBetter, Double(counts.total) / seconds)
            return
        }
        // Only mutate phases are compared with baselines, which have a mutate's shape.
        if kind == "mutate" { tracked.add(counts, seconds: seconds) }
        totals.add(counts)
        latencyRecords += latencies.records(phase: "\(path):\(kind)")
        allLatencies.add(latencies)
        frontEndSeconds += seconds
        add("phase.\(path).\(kind).throughput", "ops/s", .higherIsBetter, Double(counts.total) / seconds)
    }

    /// Starts `count` load-generating threads, each with its own random stream and value buffer,
    /// and adds up what they did.
    private func runWorkers(_ count: Int, name: String, phase: Int,
                            _ body: @escaping @Sendable (inout LoadWorker) -> Void) -> (OperationCounts, OperationLatencies) {
        let seed = workload.seed
        let dataset = workload.dataset
        return WorkerThreads.run(count: count, name: name) { index in
            var worker = LoadWorker(index: index, random: RandomSource.stream(seed: seed, phase: phase, worker: index), dataset: dataset)
            body(&worker)
            return (worker.counts, worker.latencies)
        }.reduce(into: (OperationCounts(), OperationLatencies())) { total, worker in
            total.0.add(worker.0)
            total.1.add(worker.1)
        }
    }

    private func runLoad(_ load: Phase.Load, phase: Int) -> (OperationCounts, OperationLatencies) {
        let items = workload.dataset.items
        let order = workload.dataset.keyOrder
        let pattern = workload.dataset.keyPattern
        let target = engineTarget
        let workers = min(load.workers, items)
        return runWorkers(workers, name: "kvb-load", phase: phase) { worker in
            // Like a client loading a data set, retry temporary failures (with a short back-off)
            // so the data set is complete; every refusal is still counted.
            for position in (items * worker.index / workers)..<(items * (worker.index + 1) / workers) {
                let key = pattern.key(order.item(at: position, of: items))
                let started = OperationLatencies.now()
                var result = worker.set(key, into: target)
                while case .failure(.temporaryFailure) = result {
                    worker.counts.temporaryFailures += 1
                    usleep(1000)
                    result = worker.set(key, into: target)
                }
                worker.counts.count(result, as: \.sets)
                worker.latencies.record("set", since: started)
            }
        }
    }

    /// The mix against `target`: the engine, or (for `baseline`) the dictionary.
    func runMutate<Target: OperationTarget>(_ mutate: Phase.Mutate, phase: Int, on target: Target) -> (OperationCounts, OperationLatencies) {
        let pattern = workload.dataset.keyPattern
        let items = workload.dataset.items
        let mix = mutate.mix
        let workers = min(mutate.workers, mutate.ops)
        let valueSize = workload.dataset.valueSize.maximum
        return runWorkers(workers, name: "kvb-mutate", phase: phase) { worker in
            var readBuffer = [UInt8](repeating: 0, count: valueSize)
            var chooser = KeyChooser(distribution: mutate.keys, items: items, worker: worker.index, workers: workers)
            let ops = mutate.ops * (worker.index + 1) / workers - mutate.ops * worker.index / workers
            let phaseStart = OperationLatencies.now()
            let workerRate = mutate.rate.map { $0 / Double(workers) }
            for index in 0..<ops {
                let key = pattern.key(chooser.next(&worker.random))
                let roll = Int(worker.random.next() % 100)
                // Open model: latency counts from when the operation was due, not from when a
                // busy worker got to it (coordinated omission), and an early worker waits.
                var started = OperationLatencies.now()
                if let workerRate {
                    let due = phaseStart + UInt64(Phase.Mutate.intendedStart(index, rate: workerRate, ramp: mutate.ramp) * 1e9)
                    if due > started { OperationLatencies.sleep(until: due) }
                    started = due
                }
                if roll < mix.set {
                    worker.counts.count(worker.set(key, into: target), as: \.sets)
                    worker.latencies.record("set", since: started)
                } else if roll < mix.set + mix.get {
                    let result = readBuffer.withUnsafeMutableBytes { target.get(key, into: $0) }
                    worker.counts.count(result, as: \.gets)
                    worker.latencies.record("get", since: started)
                } else {
                    worker.counts.count(target.delete(key), as: \.deletes)
                    worker.latencies.record("delete", since: started)
                }
            }
        }
    }

    /// Replays a trace on this thread, in order: each row `count` times; values are generated
    /// at the traced size. Afterwards every key the trace touched must be present exactly when
    /// its last set came after its last delete.
    private mutating func runReplay(_ replay: Phase.Replay, path: String) throws(PhaseFailure) -> (OperationCounts, OperationLatencies) {
        let operations: [TraceOperation]
        do {
            operations = try TraceReader.read(replay.file, format: replay.format)
        } catch {
            throw PhaseFailure(path: path, message: "reading \(replay.file): \(error)")
        }
        var counts = OperationCounts()
        var latencies = OperationLatencies()
        var random = RandomSource.stream(seed: workload.seed, phase: Int(path.prefix { $0 != "." }) ?? 0, worker: 0)
        let largest = max(1, operations.map(\.valueSize).max() ?? 1)
        let value = ValueBytes(size: largest, random: &random)
        var readBuffer = [UInt8](repeating: 0, count: largest)
        let target = engineTarget
        var live: [String: Bool] = [:]
        let started = clock.seconds
        var perKind: [TraceOperation.Kind: Int] = [:]
        for operation in operations {
            if case .paced(let speedup) = replay.timing {
                let due = started + operation.time / speedup
                let wait = due - clock.seconds
                if wait > 0 { usleep(UInt32(min(wait, 60) * 1e6)) }
            }
            for _ in 0..<operation.count {
                let begin = OperationLatencies.now()
                switch operation.kind {
                case .get:
                    let result = readBuffer.withUnsafeMutableBytes { target.get(operation.key, into: $0) }
                    counts.count(result, as: \.gets)
                case .set:
                    let result = value.set(operation.key, size: operation.valueSize, expiry: operation.ttl, into: target)
                    counts.count(result, as: \.sets)
                    if case .success = result { live[operation.key] = true }
                case .delete:
                    let result = target.delete(operation.key)
                    counts.count(result, as: \.deletes)
                    if case .success = result { live[operation.key] = false }
                    if case .failure(.keyNotFound) = result { live[operation.key] = false }
                }
                latencies.record(operation.kind.rawValue, since: begin)
                perKind[operation.kind, default: 0] += 1
            }
        }
        for kind in [TraceOperation.Kind.get, .set, .delete] {
            add("phase.\(path).replay.ops.\(kind.rawValue)", "count", .higherIsBetter, Double(perKind[kind] ?? 0))
        }
        add("phase.\(path).replay.rows", "count", .higherIsBetter, Double(operations.count))
        var mismatched: [String] = []
        for (key, expected) in live {
            let present = (try? bucket.get(key)) != nil
            if present != expected { mismatched.append(key) }
        }
        guard mismatched.isEmpty else {
            throw PhaseFailure(path: path, message: "after replay \(mismatched.count) key(s) disagree with the trace, e.g. \(mismatched.sorted()[0])")
        }
        add("phase.\(path).replay.keys.live", "count", .higherIsBetter, Double(live.values.filter { $0 }.count))
        return (counts, latencies)
    }

    private func runCursor(_ cursor: Phase.Cursor) -> Int {
        let ids = cursor.vbuckets ?? Array(0..<bucket.numVBuckets)
        switch cursor.action {
        case .register(let seqno):
            return bucket.registerCursor(name: cursor.name, lastSeqno: Int64(seqno), vbuckets: ids).count
        case .advance(let items):
            return bucket.advanceCursor(name: cursor.name, by: items, vbuckets: ids)
        }
    }

    /// Expel on every vBucket, measured twice: the engine's own accounting, and the bytes the
    /// Primary domain actually released during the call (the allocator's per-thread counters). The
    /// sampler is held off meanwhile and removed checkpoints are freed first, so that nothing else
    /// runs in Primary inside the window.
    private mutating func runExpel(baseline: Bool) -> Int {
        let counted = domainCounters
        let (result, freed) = sampler.gate.withLock { _ -> (ExpelResult, Int64) in
            bucket.destroyPendingCheckpoints()
            let before = counted ? MemoryDomain.primary.preciseBytes : 0
            let started = OperationLatencies.now()
            let result = bucket.expelAll()
            expelNanoseconds += OperationLatencies.now() - started
            let after = counted ? MemoryDomain.primary.preciseBytes : 0
            return (result, before - after)
        }
        expelled = expelled + result
        allocatorFreedByExpel += freed
        expelPhases += 1
        if baseline && result.count > 0 {
            let valueBytes = result.valueMemory / result.count - ValueBlob.headerSize
            expelBaseline.add(items: result.count, seconds: ExpelBaseline.releaseSeconds(
                count: result.count, key: workload.dataset.keyPattern.key(0), valueBytes: valueBytes, vbuckets: bucket.numVBuckets))
        }
        return result.count
    }

    /// Removed checkpoints are destroyed first, so the allocator figure does not depend on
    /// whether the destroyer task has run yet.
    private mutating func snapshot(_ label: String) {
        bucket.destroyPendingCheckpoints()
        let memory = bucket.checkpointMemory
        metrics.append(.bytes("checkpoint.memory.\(label)", Double(memory.total)))
        add("checkpoint.items.\(label)", "items", .lowerIsBetter, Double(bucket.checkpointItems))
        if domainCounters { metrics.append(.bytes("mem.primary.allocated.\(label)", Double(MemoryDomain.primary.preciseBytes))) }
    }
}

/// Per-worker operation tallies.
struct OperationCounts: Sendable {
    var sets = 0
    var gets = 0
    var deletes = 0
    var misses = 0
    /// Writes the engine refused because memory was short (ep-engine's ETMPFAIL / ENOMEM).
    var temporaryFailures = 0
    var outOfMemory = 0
    var errors = 0

    var total: Int { sets + gets + deletes + misses + temporaryFailures + outOfMemory + errors }

    mutating func add(_ other: OperationCounts) {
        sets += other.sets
        gets += other.gets
        deletes += other.deletes
        misses += other.misses
        temporaryFailures += other.temporaryFailures
        outOfMemory += other.outOfMemory
        errors += other.errors
    }

    /// A not-found is a miss, not an error: deletes and gets of absent keys are normal in a mix.
    mutating func count(_ result: Result<Void, EngineError>, as success: WritableKeyPath<OperationCounts, Int>) {
        switch result {
        case .success: self[keyPath: success] += 1
        case .failure(.keyNotFound): misses += 1
        case .failure(.temporaryFailure): temporaryFailures += 1
        case .failure(.outOfMemory): outOfMemory += 1
        case .failure: errors += 1
        }
    }
}

/// A phase that could not complete (a wait that timed out, persistence that never caught up):
/// the repetition fails with this message.
struct PhaseFailure: Error, Sendable, CustomStringConvertible {
    var path: String
    var message: String
    var description: String { "phase \(path): \(message)" }
}

/// One load-generating thread's state: its index, random stream, value buffer and tallies.
struct LoadWorker {
    let index: Int
    var random: RandomSource
    let value: ValueBytes
    let dataset: Dataset
    var counts = OperationCounts()
    var latencies = OperationLatencies()

    init(index: Int, random: RandomSource, dataset: Dataset) {
        self.index = index
        self.random = random
        self.dataset = dataset
        value = ValueBytes(size: dataset.valueSize.maximum, compressibility: dataset.compressibility, random: &self.random)
    }

    /// Sets `key` to a value of the dataset's next size, with the dataset's ttl.
    mutating func set<Target: OperationTarget>(_ key: String, into target: Target) -> Result<Void, EngineError> {
        value.set(key, size: dataset.valueSize.next(&random), expiry: dataset.ttl, into: target)
    }
}

extension Dataset.KeyOrder {
    /// The item loaded at `position`: the identity, or a fixed permutation (multiplication by a
    /// prime coprime with the item count) that spreads consecutive positions over the key space.
    func item(at position: Int, of items: Int) -> Int {
        guard self == .hashed, items > 1 else { return position }
        let primes = [1_000_003, 999_983, 7_919]
        let prime = primes.first { items % $0 != 0 } ?? 1
        return Int((UInt64(position) &* UInt64(prime)) % UInt64(items))
    }
}

/// A worker's value buffer: pseudo-random bytes from the workload seed, allocated once per
/// worker outside the engine's domain; the engine copies what it stores.
struct ValueBytes {
    private let bytes: [UInt8]

    /// Random bytes, except that the last `compressibility` share repeats one byte (compresses away).
    init(size: Int, compressibility: Double = 0, random: inout RandomSource) {
        var bytes = [UInt8](repeating: 0x61, count: size)
        let randomPart = Int(Double(size) * (1 - compressibility))
        for index in 0..<randomPart { bytes[index] = UInt8(truncatingIfNeeded: random.next()) }
        self.bytes = bytes
    }

    /// Stores the first `size` bytes (a trace's value size) under `key`.
    func set<Target: OperationTarget>(_ key: String, size: Int, expiry: UInt32, into target: Target) -> Result<Void, EngineError> {
        bytes.withUnsafeBytes { raw in target.set(key, value: UnsafeRawBufferPointer(rebasing: raw.prefix(size)), expiry: expiry) }
    }
}
