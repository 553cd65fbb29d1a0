/// `--quick`: the same phases on a tenth of the data, operations, durations and quotas (at least 1000 items/ops, 1 s), so
/// a workload can be smoke-tested in seconds. Results of quick runs are not comparable with full ones.
extension Workload {
    public func quick() -> Workload {
        var copy = self
        copy.dataset.items = Self.shrink(dataset.items)
        // Quotas shrink with the data so that memory-pressure scenarios still reach their marks.
        let ratio = Double(copy.dataset.items) / Double(dataset.items)
        copy.engine.quota = Self.scaleQuota(engine.quota, ratio)
        copy.phases = phases.map { Self.shrink($0, quotaRatio: ratio) }
        return copy
    }

    private static func shrink(_ value: Int) -> Int {
        value <= 1000 || value == Phase.Mutate.unbounded ? value : max(1000, value / 10)
    }

    /// A time-boxed phase: a tenth of its duration, but not under a second (or its own length).
    private static func shrink(seconds: Double) -> Double { max(min(seconds, 1), seconds / 10) }

    private static func scaleQuota(_ bytes: Int, _ ratio: Double) -> Int { max(1 << 20, Int(Double(bytes) * ratio)) }

    private static func shrink(_ phase: Phase, quotaRatio ratio: Double) -> Phase {
        switch phase {
        case .load(.mutate(var mutate)):
            mutate.ops = shrink(mutate.ops)
            mutate.duration = mutate.duration.map(shrink(seconds:))
            return .load(.mutate(mutate))
        case .load(.baseline(var mutate)):
            mutate.ops = shrink(mutate.ops)
            mutate.duration = mutate.duration.map(shrink(seconds:))
            return .load(.baseline(mutate))
        case .replay(var replay):
            replay.duration = replay.duration.map(shrink(seconds:))
            return .replay(replay)
        case .instrumentation(.switchCost(let switches)):
            return .instrumentation(.switchCost(switches: shrink(switches)))
        case .checkpoint(.cursor(var cursor)):
            if case .advance(let items) = cursor.action, items != Int.max { cursor.action = .advance(items: shrink(items)) }
            return .checkpoint(.cursor(cursor))
        case .control(.parallel(let branches)):
            return .control(.parallel(branches.map { $0.map { shrink($0, quotaRatio: ratio) } }))
        case .persistence(.setQuota(let bytes)):
            return .persistence(.setQuota(bytes: scaleQuota(bytes, ratio)))
        default:
            return phase
        }
    }
}
