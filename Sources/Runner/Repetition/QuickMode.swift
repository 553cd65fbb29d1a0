import Workload

/// `--quick`: the same phases on a tenth of the data and operations (at least 1000 of each), so
/// a workload can be smoke-tested in seconds. Results of quick runs are not comparable with full ones.
extension Workload {
    public func quick() -> Workload {
        var copy = self
        func shrink(_ value: Int) -> Int { value <= 1000 ? value : max(1000, value / 10) }
        copy.dataset.items = shrink(dataset.items)
        copy.phases = phases.map { phase in
            switch phase {
            case .mutate(var mutate):
                mutate.ops = shrink(mutate.ops)
                return .mutate(mutate)
            case .cursor(var cursor):
                if case .advance(let items) = cursor.action, items != Int.max { cursor.action = .advance(items: shrink(items)) }
                return .cursor(cursor)
            default:
                return phase
            }
        }
        return copy
    }
}
