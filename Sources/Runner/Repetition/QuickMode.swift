import Workload

/// `--quick`: the same phases on a tenth of the data, operations and quotas (at least 1000 items/ops), so
/// a workload can be smoke-tested in seconds. Results of quick runs are not comparable with full ones.
extension Workload {
    public func quick() -> Workload {
        var copy = self
        func shrink(_ value: Int) -> Int { value <= 1000 ? value : max(1000, value / 10) }
        copy.dataset.items = shrink(dataset.items)
        // Quotas shrink with the data so that memory-pressure scenarios still reach their marks.
        let ratio = Double(copy.dataset.items) / Double(dataset.items)
        func scaleQuota(_ bytes: Int) -> Int { max(1 << 20, Int(Double(bytes) * ratio)) }
        copy.engine.quota = scaleQuota(engine.quota)
        func shrinkPhase(_ phase: Phase) -> Phase {
            switch phase {
            case .mutate(var mutate):
                mutate.ops = shrink(mutate.ops)
                return .mutate(mutate)
            case .baseline(var mutate):
                mutate.ops = shrink(mutate.ops)
                return .baseline(mutate)
            case .switchCost(let switches):
                return .switchCost(switches: shrink(switches))
            case .cursor(var cursor):
                if case .advance(let items) = cursor.action, items != Int.max { cursor.action = .advance(items: shrink(items)) }
                return .cursor(cursor)
            case .parallel(let branches):
                return .parallel(branches.map { $0.map(shrinkPhase) })
            case .setQuota(let bytes):
                return .setQuota(bytes: scaleQuota(bytes))
            default:
                return phase
            }
        }
        copy.phases = phases.map(shrinkPhase)
        return copy
    }
}
