import Engine
import MemoryTracking
import Results
import Workload

/// Operations and the seconds they took, for one side of a comparison made in one process. A
/// phase's time is shared among set, get and delete by their counts, so a set-only phase and a
/// get-only phase each give their own operation's rate.
struct Throughputs: Sendable {
    var counts = OperationCounts()
    var seconds = 0.0
    private var secondsByOperation: [String: Double] = [:]

    mutating func add(_ counts: OperationCounts, seconds: Double) {
        self.counts.add(counts)
        self.seconds += seconds
        let total = Double(max(1, counts.sets + counts.gets + counts.deletes))
        for (operation, count) in [("set", counts.sets), ("get", counts.gets), ("delete", counts.deletes)] where count > 0 {
            secondsByOperation[operation, default: 0] += seconds * Double(count) / total
        }
    }

    mutating func add(_ other: Throughputs) {
        counts.add(other.counts)
        seconds += other.seconds
        secondsByOperation.merge(other.secondsByOperation, uniquingKeysWith: +)
    }

    /// Operations of every kind per second.
    var rate: Double? { seconds > 0 && counts.total > 0 ? Double(counts.total) / seconds : nil }

    /// `operation` ("set", "get") per second of the time attributed to it.
    func rate(_ operation: String, _ count: Int) -> Double? {
        guard let seconds = secondsByOperation[operation], seconds > 0, count > 0 else { return nil }
        return Double(count) / seconds
    }
}

/// Items handled and the seconds they took.
struct ItemRate: Sendable {
    var items = 0
    var seconds = 0.0

    mutating func add(items: Int, seconds: Double) {
        self.items += items
        self.seconds += seconds
    }

    var rate: Double? { seconds > 0 && items > 0 ? Double(items) / seconds : nil }
}

/// The performance figures of `workloads/perf/`: each engine figure with the baseline it is
/// measured against in the same process, and their ratio (so machine speed cancels out).
extension PhaseState {
    /// ep-engine's budget for a queued mutation whose value is shared with the hash table.
    static func checkpointBudget(keyLength: Int) -> Int { 150 + 2 * keyLength }

    /// Times `switches` domain switches (a Primary guard entered and left, as every engine entry
    /// point does) on this thread; nanoseconds per switch.
    static func switchCost(_ switches: Int) -> Double {
        var sink = 0
        let started = OperationLatencies.now()
        for index in 0..<switches {
            sink &+= DomainGuard.run(.primary) { index & 1 }
        }
        let elapsed = OperationLatencies.now() - started
        precondition(sink >= 0)
        return Double(elapsed) / Double(switches) / 2
    }

    /// The dictionary baseline: the same mix, keys and value sizes as a mutate phase.
    mutating func runBaselinePhase(_ mutate: Phase.Mutate, path: String, seed: Int) -> Int {
        let started = clock.seconds
        let (counts, _) = runMutate(mutate, phase: seed, on: baselineStore)
        let seconds = clock.seconds - started
        baselines.add(counts, seconds: seconds)
        add("phase.\(path).baseline.throughput", "ops/s", .higherIsBetter, Double(counts.total) / max(seconds, 1e-9))
        return counts.total
    }

    mutating func performanceMetrics() {
        for (operation, keyPath) in [("set", \OperationCounts.sets), ("get", \OperationCounts.gets)] {
            guard let baseline = baselines.rate(operation, baselines.counts[keyPath: keyPath]) else { continue }
            add("baseline.\(operation).throughput", "ops/s", .higherIsBetter, baseline)
            if let engine = tracked.rate(operation, tracked.counts[keyPath: keyPath]) {
                add("mutate.\(operation).throughput", "ops/s", .higherIsBetter, engine)
                add("ops.\(operation).baseline_ratio", "ratio", .higherIsBetter, engine / baseline)
            }
        }
        if let off = untracked.rate, let on = tracked.rate {
            add("tracking.off.throughput", "ops/s", .higherIsBetter, off)
            add("tracking.on.throughput", "ops/s", .higherIsBetter, on)
            add("tracking.throughput_ratio", "ratio", .higherIsBetter, on / off)
        }
        guard expelled.count > 0 else { return }
        if expelNanoseconds > 0 {
            let rate = Double(expelled.count) / (Double(expelNanoseconds) / 1e9)
            add("checkpoint.expel.items_per_sec", "items/s", .higherIsBetter, rate)
            if let baseline = expelBaseline.rate {
                add("baseline.expel.items_per_sec", "items/s", .higherIsBetter, baseline)
                add("checkpoint.expel.baseline_ratio", "ratio", .higherIsBetter, rate / baseline)
            }
        }
        let engineBytes = Double(expelled.memory - expelled.valueMemory) / Double(expelled.count)
        add("checkpoint.engine.bytes_per_item", "bytes", .lowerIsBetter, engineBytes)
        guard domainCounters else { return }
        let allocatorBytes = Double(allocatorFreedByExpel) / Double(expelled.count)
        let budget = Double(Self.checkpointBudget(keyLength: workload.dataset.keyPattern.key(0).utf8.count))
        add("checkpoint.allocator.bytes_per_item", "bytes", .lowerIsBetter, allocatorBytes)
        add("checkpoint.allocator.budget_ratio", "ratio", .lowerIsBetter, allocatorBytes / budget)
        add("checkpoint.engine_estimate_ratio", "ratio", .lowerIsBetter, allocatorBytes > 0 ? engineBytes / allocatorBytes : 0)
    }
}
