#if canImport(Glibc)
import Glibc
#endif
import Locking
import MemoryTracking
import Results
import Workload

/// `load`, `mutate` and `baseline`: load-generating threads against the engine or the in-process
/// dictionary, and at the end of the run the front-end figures (`ops.*`) and the baselines' ratios.
enum LoadPhases {
    static func run(_ phase: LoadPhase, _ step: PhaseStep, _ context: RepetitionContext,
                    _ ledger: inout MeasurementLedger) throws(PhaseFailure) -> Int {
        let start = context.clock.seconds
        switch phase {
        case .load(let load):
            let (counts, latencies, stalled) = runLoad(load, step, context)
            if let key = stalled { throw stall(key, context, step) }
            recordFrontEnd(counts, latencies, since: start, step, kind: phase.kind, context, &ledger)
            return counts.total
        case .mutate(let mutate):
            let (counts, latencies) = runMutate(mutate, step, context, on: context.engineTarget)
            recordFrontEnd(counts, latencies, since: start, step, kind: phase.kind, context, &ledger)
            if mutate.duration != nil { ledger.record(Metrics.phaseOperations, Double(counts.total), step.path, phase.kind) }
            if let rate = mutate.rate {
                let achieved = Double(counts.total) / max(context.clock.seconds - start, 1e-9)
                ledger.record(Metrics.phaseTargetRate, rate, step.path)
                if achieved < 0.95 * rate {
                    ledger.note("phase \(step.path): the target rate \(Int(rate))/s was not reached (\(Int(achieved))/s); latencies include the backlog")
                }
            }
            return counts.total
        case .baseline(let mutate):
            let (counts, _) = runMutate(mutate, step, context, on: context.baselineStore)
            let seconds = context.clock.seconds - start
            if mutate.duration != nil { ledger.record(Metrics.phaseOperations, Double(counts.total), step.path, phase.kind) }
            ledger.frontEnd.baseline.add(counts, seconds: seconds)
            ledger.record(Metrics.phaseThroughput, Double(counts.total) / max(seconds, 1e-9), step.path, phase.kind)
            return counts.total
        }
    }

    /// A front-end phase's operations: into the run's totals and latencies (tracking on), or
    /// apart as the overhead benchmark's "off" side (so `ops.*` stay with tracking on).
    static func recordFrontEnd(_ counts: OperationCounts, _ latencies: OperationLatencies, since start: Double, _ step: PhaseStep,
                               kind: String, _ context: RepetitionContext, _ ledger: inout MeasurementLedger) {
        let seconds = max(context.clock.seconds - start, 1e-9)
        ledger.record(Metrics.phaseThroughput, Double(counts.total) / seconds, step.path, kind)
        guard MemoryDomain.isTracking else {
            ledger.frontEnd.untracked.add(counts, seconds: seconds)
            return
        }
        // Only mutate phases are compared with baselines, which have a mutate's shape.
        if kind == "mutate" { ledger.frontEnd.tracked.add(counts, seconds: seconds) }
        ledger.frontEnd.totals.add(counts)
        ledger.frontEnd.latencyRecords += latencies.records(phase: "\(step.path):\(kind)")
        ledger.frontEnd.latencies.add(latencies)
        ledger.frontEnd.seconds += seconds
    }

    /// Starts `count` load-generating threads, each with its own random stream and value buffer,
    /// and adds up what they did.
    private static func runWorkers(_ count: Int, name: String, _ step: PhaseStep, _ context: RepetitionContext,
                                   _ body: @escaping @Sendable (inout LoadWorker) -> Void) -> (OperationCounts, OperationLatencies) {
        let seed = context.workload.seed
        let dataset = context.workload.dataset
        let phase = step.seed
        return WorkerThreads.run(count: count, name: name) { index in
            var worker = LoadWorker(index: index, random: RandomSource.stream(seed: seed, phase: phase, worker: index), dataset: dataset)
            body(&worker)
            return (worker.counts, worker.latencies)
        }.reduce(into: (OperationCounts(), OperationLatencies())) { total, worker in
            total.0.add(worker.0)
            total.1.add(worker.1)
        }
    }

    /// How long one key's writes may keep being refused before the load gives up: the engine
    /// frees memory within seconds when it can (the item pager, checkpoint removal, expel), so a
    /// refusal this long means the data set cannot fit.
    static let stallSeconds = 30.0

    /// Loads the data set; returns the key a worker gave up on when its writes were refused for
    /// `stallSeconds` (the other workers stop at their next refusal).
    private static func runLoad(_ load: Phase.Load, _ step: PhaseStep, _ context: RepetitionContext)
        -> (OperationCounts, OperationLatencies, stalled: String?) {
        let dataset = context.workload.dataset
        let items = dataset.items
        let target = context.engineTarget
        let workers = min(load.workers, items)
        let stalled = LockedValue<String?>(nil)
        let (counts, latencies) = runWorkers(workers, name: "kvb-load", step, context) { worker in
            // Like a client loading a data set, retry temporary failures (with a short back-off)
            // so the data set is complete; every refusal is still counted.
            for position in (items * worker.index / workers)..<(items * (worker.index + 1) / workers) {
                let key = dataset.keyPattern.key(dataset.keyOrder.item(at: position, of: items))
                let started = OperationLatencies.now()
                var result = worker.set(key, into: target)
                while case .failure(.temporaryFailure) = result {
                    worker.counts.temporaryFailures += 1
                    let refused = Double(OperationLatencies.now() - started) / 1e9
                    if refused > stallSeconds || stalled.withLock({ $0 != nil }) {
                        stalled.withLock { $0 = $0 ?? key }
                        return
                    }
                    usleep(1000)
                    result = worker.set(key, into: target)
                }
                worker.counts.count(result, as: \.sets)
                worker.latencies.record("set", since: started)
            }
        }
        return (counts, latencies, stalled.withLock { $0 })
    }

    /// Why a load stopped: what the bucket holds against its quota, and the data set's size.
    private static func stall(_ key: String, _ context: RepetitionContext, _ step: PhaseStep) -> PhaseFailure {
        let bucket = context.bucket
        let dataset = context.workload.dataset
        let needed = Double(dataset.items) * Double(dataset.valueSize.maximum + dataset.keyPattern.key(dataset.items - 1).utf8.count)
        return PhaseFailure(path: step.path, message: "load made no progress: writes of '\(key)' were refused for \(Int(stallSeconds))s "
            + "(temporary failure, mem_used \(Quantity.formatSize(Double(bucket.memory.precise))) of quota "
            + "\(Quantity.formatSize(Double(bucket.quota.maxSize)))); the quota cannot hold the data set "
            + "(\(dataset.items) items, up to \(Quantity.formatSize(needed)) of keys and values)")
    }

    /// The mix against `target`: the engine, or (for `baseline`) the dictionary. Each worker
    /// does its share of `ops`, or stops at `duration` after the phase started if that comes first.
    private static func runMutate<Target: OperationTarget>(_ mutate: Phase.Mutate, _ step: PhaseStep, _ context: RepetitionContext,
                                                           on target: Target) -> (OperationCounts, OperationLatencies) {
        let pattern = context.workload.dataset.keyPattern
        let items = context.workload.dataset.items
        let mix = mutate.mix
        let workers = min(mutate.workers, mutate.ops)
        let valueSize = context.workload.dataset.valueSize.maximum
        let phaseStart = OperationLatencies.now()
        let deadline = mutate.duration.map { phaseStart + UInt64($0 * 1e9) } ?? UInt64.max
        return runWorkers(workers, name: "kvb-mutate", step, context) { worker in
            var readBuffer = [UInt8](repeating: 0, count: valueSize)
            var chooser = KeyChooser(distribution: mutate.keys, items: items, worker: worker.index, workers: workers)
            let ops = mutate.ops == Phase.Mutate.unbounded ? Int.max
                : mutate.ops * (worker.index + 1) / workers - mutate.ops * worker.index / workers
            let workerRate = mutate.rate.map { $0 / Double(workers) }
            for index in 0..<ops {
                let key = pattern.key(chooser.next(&worker.random))
                let roll = Int(worker.random.next() % 100)
                // Open model: latency counts from when the operation was due, not from when a
                // busy worker got to it (coordinated omission), and an early worker waits.
                var started = OperationLatencies.now()
                // A worker behind its schedule stops at the deadline too, not after its rate × duration.
                if started >= deadline { break }
                if let workerRate {
                    let due = phaseStart + UInt64(Phase.Mutate.intendedStart(index, rate: workerRate, ramp: mutate.ramp) * 1e9)
                    if due >= deadline { break }
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

    /// End of the run: throughput and latency per operation over the front-end phases, refused
    /// operations, and each in-process baseline with the engine's figure and their ratio.
    static func finish(_ ledger: inout MeasurementLedger) {
        let frontEnd = ledger.frontEnd
        if frontEnd.seconds > 0 {
            if frontEnd.totals.sets > 0 { ledger.record(Metrics.operationThroughput, Double(frontEnd.totals.sets) / frontEnd.seconds, "set") }
            if frontEnd.totals.gets > 0 { ledger.record(Metrics.operationThroughput, Double(frontEnd.totals.gets) / frontEnd.seconds, "get") }
        }
        for latency in frontEnd.latencies.records(phase: "all") {
            ledger.record(Metrics.latencyP50, latency.p50, latency.operation)
            ledger.record(Metrics.latencyP99, latency.p99, latency.operation)
            ledger.record(Metrics.latencyP999, latency.p999, latency.operation)
        }
        if frontEnd.totals.errors > 0 { ledger.record(Metrics.operationErrors, Double(frontEnd.totals.errors)) }
        if frontEnd.totals.temporaryFailures > 0 { ledger.record(Metrics.temporaryFailures, Double(frontEnd.totals.temporaryFailures)) }
        if frontEnd.totals.outOfMemory > 0 { ledger.record(Metrics.outOfMemoryErrors, Double(frontEnd.totals.outOfMemory)) }
    }

    /// `perf/`: each engine rate beside the baseline measured in the same process, and their ratio.
    static func finishBaselines(_ ledger: inout MeasurementLedger) {
        let frontEnd = ledger.frontEnd
        for (operation, keyPath) in [("set", \OperationCounts.sets), ("get", \OperationCounts.gets)] {
            guard let baseline = frontEnd.baseline.rate(operation, frontEnd.baseline.counts[keyPath: keyPath]) else { continue }
            ledger.record(Metrics.baselineThroughput, baseline, operation)
            if let engine = frontEnd.tracked.rate(operation, frontEnd.tracked.counts[keyPath: keyPath]) {
                ledger.record(Metrics.mutateThroughput, engine, operation)
                ledger.record(Metrics.baselineRatio, engine / baseline, operation)
            }
        }
        if let off = frontEnd.untracked.rate, let on = frontEnd.tracked.rate {
            ledger.record(Metrics.trackingOffThroughput, off)
            ledger.record(Metrics.trackingOnThroughput, on)
            ledger.record(Metrics.trackingThroughputRatio, on / off)
        }
    }
}
