import DequeModule

/// The in-process baseline for expel's speed: the same number of queued items, shaped as the
/// expelled ones (an inline key, one value blob shared by all), dropped from the front of a plain
/// deque in one `removeFirst` — the least any expel must pay to free them. Runs in whatever
/// memory domain the caller is in; any thread.
public enum ExpelBaseline {
    /// Seconds to release `count` items whose keys are like `key`. The blob's size does not
    /// matter: releasing a shared blob only decrements its count.
    public static func releaseSeconds(count: Int, key: String) -> Double {
        let value = [UInt8](repeating: 0, count: 100).withUnsafeBytes { ValueBlob(copying: $0) }
        var items = Deque<QueuedItem?>(minimumCapacity: count)
        for seqno in 0..<count {
            items.append(QueuedItem(key: key, value: value, bySeqno: Int64(seqno), revSeqno: 1, cas: 1,
                                    flags: 0, expiry: 0, vbid: 0, operation: .mutation))
        }
        let started = MonotonicClock.now
        items.removeFirst(count)
        return MonotonicClock.now - started
    }
}
