import DequeModule

/// The in-process baseline for expel's speed: the same number of queued items, shaped and laid
/// out in memory as the expelled ones, dropped from plain deques in one `removeFirst` each — what
/// any expel must pay to free them: one item release and one value-blob decrement per item.
///
/// Shape: a key like theirs and a value blob of their average size per item, kept alive
/// elsewhere (in the engine, by the hash table). Layout: created in turn across one deque per
/// vBucket, as a load's writes land across vBuckets, so consecutive items of one deque are as far
/// apart in memory as one vBucket's (freeing items allocated in sequence runs several times
/// faster, and would not be the engine's situation). Runs in the caller's memory domain; any thread.
@_spi(Testing) public enum ExpelBaseline {
    /// Seconds to release `count` items whose keys are like `key` and values `valueBytes` long,
    /// spread over `vbuckets` deques.
    public static func releaseSeconds(count: Int, key: String, valueBytes: Int, vbuckets: Int) -> Double {
        let bytes = [UInt8](repeating: 0, count: max(0, valueBytes))
        let queues = max(1, vbuckets)
        var blobs: [ValueBlob] = []
        blobs.reserveCapacity(count)
        var deques = (0..<queues).map { _ in Deque<QueuedItem?>(minimumCapacity: count / queues + 1) }
        for seqno in 0..<count {
            let value = bytes.withUnsafeBytes { ValueBlob(copying: $0, owner: .none) }
            blobs.append(value)
            deques[seqno % queues].append(QueuedItem(key: key, value: value, bySeqno: Int64(seqno), revSeqno: 1, cas: 1,
                                                     flags: 0, expiry: 0, vbid: UInt16(truncatingIfNeeded: seqno % queues),
                                                     operation: .mutation))
        }
        return withExtendedLifetime(blobs) {
            let started = MonotonicClock.now
            for index in deques.indices { deques[index].removeFirst(deques[index].count) }
            return MonotonicClock.now - started
        }
    }
}
