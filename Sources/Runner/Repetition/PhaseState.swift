import Engine
import MemoryTracking
import Results
import Workload

/// What one repetition has measured so far, and the phase implementations that add to it.
/// Owned by the repetition's driving thread; worker threads report back through return values.
struct PhaseState {
    let bucket: Bucket
    let workload: Workload
    let clock: RepetitionClock
    let sampler: Sampler
    let jemalloc: Bool

    private(set) var metrics: [MetricValue] = []
    private(set) var phases: [PhaseRecord] = []
    private(set) var markers: [Marker] = []
    private var totals = OperationCounts()
    private var frontEndSeconds = 0.0
    private var expelled = ExpelResult()
    private var allocatorFreedByExpel: Int64 = 0
    private var expelPhases = 0

    init(bucket: Bucket, workload: Workload, clock: RepetitionClock, sampler: Sampler, jemalloc: Bool) {
        self.bucket = bucket
        self.workload = workload
        self.clock = clock
        self.sampler = sampler
        self.jemalloc = jemalloc
    }

    mutating func execute(_ phase: Phase, index: Int) {
        let start = clock.seconds
        var ops = 0
        switch phase {
        case .load(let load):
            let counts = runLoad(load, phase: index)
            ops = counts.total
            record(counts, since: start, phase: index, kind: phase.kind)
        case .mutate(let mutate):
            let counts = runMutate(mutate, phase: index)
            ops = counts.total
            record(counts, since: start, phase: index, kind: phase.kind)
        case .cursor(let cursor):
            ops = runCursor(cursor)
        case .expel:
            ops = runExpel()
            markers.append(Marker(t: clock.seconds, label: "expel"))
        case .snapshot(let label):
            snapshot(label)
            markers.append(Marker(t: clock.seconds, label: label))
        }
        let end = clock.seconds
        phases.append(PhaseRecord(index: index, kind: phase.kind, start: start, end: end, ops: ops))
        metrics.append(MetricValue(name: "phase.\(index).\(phase.kind).duration", unit: "seconds", direction: .lowerIsBetter, value: end - start))
    }

    /// End-of-run figures.
    mutating func finish() {
        if frontEndSeconds > 0 {
            if totals.sets > 0 { add("ops.set.throughput", "ops/s", .higherIsBetter, Double(totals.sets) / frontEndSeconds) }
            if totals.gets > 0 { add("ops.get.throughput", "ops/s", .higherIsBetter, Double(totals.gets) / frontEndSeconds) }
        }
        if totals.errors > 0 { add("ops.errors", "count", .lowerIsBetter, Double(totals.errors)) }
        if expelPhases > 0 {
            add("checkpoint.items_expelled", "items", .higherIsBetter, Double(expelled.count))
            metrics.append(.bytes("checkpoint.memory.freed_by_expel", Double(expelled.memory), .higherIsBetter))
            if jemalloc { metrics.append(.bytes("checkpoint.allocator.freed_by_expel", Double(allocatorFreedByExpel), .higherIsBetter)) }
        }
        metrics.append(.bytes("checkpoint.memory", Double(bucket.checkpointMemory.total)))
        if jemalloc {
            metrics.append(.bytes("mem.primary.allocated", Double(MemoryDomain.primary.preciseBytes)))
            if let stats = AllocatorStats.read() {
                metrics.append(.bytes("mem.process.allocated", Double(stats.allocated)))
                metrics.append(.bytes("mem.process.resident", Double(stats.resident)))
            }
        }
        if let rss = ProcessMemory.peakResidentBytes() { metrics.append(.bytes("mem.process.peak_rss", Double(rss))) }
    }

    private mutating func add(_ name: String, _ unit: String, _ direction: Direction, _ value: Double) {
        metrics.append(MetricValue(name: name, unit: unit, direction: direction, value: value))
    }

    private mutating func record(_ counts: OperationCounts, since start: Double, phase: Int, kind: String) {
        let seconds = max(clock.seconds - start, 1e-9)
        totals.add(counts)
        frontEndSeconds += seconds
        add("phase.\(phase).\(kind).throughput", "ops/s", .higherIsBetter, Double(counts.total) / seconds)
    }

    /// Starts `count` load-generating threads, each with its own random stream and value buffer,
    /// and adds up what they did.
    private func runWorkers(_ count: Int, name: String, phase: Int,
                            _ body: @escaping @Sendable (inout LoadWorker) -> Void) -> OperationCounts {
        let seed = workload.seed
        let valueSize = workload.dataset.valueSize
        return WorkerThreads.run(count: count, name: name) { index in
            var worker = LoadWorker(index: index, random: RandomSource.stream(seed: seed, phase: phase, worker: index), valueSize: valueSize)
            body(&worker)
            return worker.counts
        }.reduce(into: OperationCounts()) { $0.add($1) }
    }

    private func runLoad(_ load: Phase.Load, phase: Int) -> OperationCounts {
        let items = workload.dataset.items
        let pattern = workload.dataset.keyPattern
        let bucket = bucket
        let workers = min(load.workers, items)
        return runWorkers(workers, name: "kvb-load", phase: phase) { worker in
            for item in (items * worker.index / workers)..<(items * (worker.index + 1) / workers) {
                worker.counts.count(worker.value.set(pattern.key(item), into: bucket), as: \.sets)
            }
        }
    }

    private func runMutate(_ mutate: Phase.Mutate, phase: Int) -> OperationCounts {
        let pattern = workload.dataset.keyPattern
        let bucket = bucket
        let chooser = KeyChooser(distribution: mutate.keys, items: workload.dataset.items)
        let mix = mutate.mix
        let workers = min(mutate.workers, mutate.ops)
        let valueSize = workload.dataset.valueSize
        return runWorkers(workers, name: "kvb-mutate", phase: phase) { worker in
            var readBuffer = [UInt8](repeating: 0, count: valueSize)
            let ops = mutate.ops * (worker.index + 1) / workers - mutate.ops * worker.index / workers
            for _ in 0..<ops {
                let key = pattern.key(chooser.next(&worker.random))
                let roll = Int(worker.random.next() % 100)
                if roll < mix.set {
                    worker.counts.count(worker.value.set(key, into: bucket), as: \.sets)
                } else if roll < mix.set + mix.get {
                    let result = readBuffer.withUnsafeMutableBytes { buffer in
                        Result { () throws(EngineError) in _ = try bucket.get(key, into: buffer) }
                    }
                    worker.counts.count(result, as: \.gets)
                } else {
                    worker.counts.count(Result { () throws(EngineError) in _ = try bucket.delete(key) }, as: \.deletes)
                }
            }
        }
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
    /// Primary domain actually released during the call (jemalloc's per-thread counters). The
    /// sampler is held off meanwhile so that nothing else runs in Primary inside the window.
    private mutating func runExpel() -> Int {
        let jemalloc = jemalloc
        let (result, freed) = sampler.gate.withLock { _ -> (ExpelResult, Int64) in
            let before = jemalloc ? MemoryDomain.primary.preciseBytes : 0
            let result = bucket.expelAll()
            let after = jemalloc ? MemoryDomain.primary.preciseBytes : 0
            return (result, before - after)
        }
        expelled = expelled + result
        allocatorFreedByExpel += freed
        expelPhases += 1
        return result.count
    }

    private mutating func snapshot(_ label: String) {
        let memory = bucket.checkpointMemory
        metrics.append(.bytes("checkpoint.memory.\(label)", Double(memory.total)))
        add("checkpoint.items.\(label)", "items", .lowerIsBetter, Double(bucket.checkpointItems))
        if jemalloc { metrics.append(.bytes("mem.primary.allocated.\(label)", Double(MemoryDomain.primary.preciseBytes))) }
    }
}

/// Per-worker operation tallies.
struct OperationCounts: Sendable {
    var sets = 0
    var gets = 0
    var deletes = 0
    var misses = 0
    var errors = 0

    var total: Int { sets + gets + deletes + misses + errors }

    mutating func add(_ other: OperationCounts) {
        sets += other.sets
        gets += other.gets
        deletes += other.deletes
        misses += other.misses
        errors += other.errors
    }

    /// A not-found is a miss, not an error: deletes and gets of absent keys are normal in a mix.
    mutating func count(_ result: Result<Void, EngineError>, as success: WritableKeyPath<OperationCounts, Int>) {
        switch result {
        case .success: self[keyPath: success] += 1
        case .failure(.keyNotFound): misses += 1
        case .failure: errors += 1
        }
    }
}

/// One load-generating thread's state: its index, random stream, value buffer and tallies.
struct LoadWorker {
    let index: Int
    var random: RandomSource
    let value: ValueBytes
    var counts = OperationCounts()

    init(index: Int, random: RandomSource, valueSize: Int) {
        self.index = index
        self.random = random
        value = ValueBytes(size: valueSize, random: &self.random)
    }
}

/// A worker's value buffer: pseudo-random bytes from the workload seed, allocated once per
/// worker outside the engine's domain; the engine copies what it stores.
struct ValueBytes {
    private let bytes: [UInt8]

    init(size: Int, random: inout RandomSource) {
        var bytes = [UInt8](repeating: 0, count: size)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: random.next()) }
        self.bytes = bytes
    }

    func set(_ key: String, into bucket: Bucket) -> Result<Void, EngineError> {
        bytes.withUnsafeBytes { raw in
            Result { () throws(EngineError) in _ = try bucket.set(key, value: raw) }
        }
    }
}
