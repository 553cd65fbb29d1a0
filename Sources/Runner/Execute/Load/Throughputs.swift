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
