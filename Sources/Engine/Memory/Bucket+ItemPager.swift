import MemoryTracking

/// The item pager (ep-engine's `ItemPager` with its `PagingVisitor` and `ItemEviction`): when
/// memory is above the high watermark it visits replica vBuckets first, then active ones, and
/// evicts clean items whose access frequency is at or under a percentile of the counters it has
/// seen so far in the pass — the share of memory to free (down to the low watermark) as the
/// percentile, so roughly that share of the coldest items goes. The threshold follows every
/// counter while the first `FrequencyHistogram.learningPopulation` are seen, then is
/// recomputed every as many again. Counters that saturated are halved table-wide afterwards (ep-engine's
/// `ItemFreqDecayer`), so that what was hot long ago can cool down.
extension Bucket {
    /// Evictions between two checks of whether the low watermark is reached.
    static let pagerCheckInterval = 256

    /// One pass; returns how many records it ejected.
    @discardableResult
    func runItemPager() -> Int {
        let used = memory.precise
        guard used > quota.highWat else { return 0 }
        let fullEviction = fullEviction
        let pageable = max(1, fullEviction ? counters.hashTable : counters.hashTableValues)
        let percentile = min(100, Double(used - quota.lowWat) / Double(pageable) * 100)
        var histogram = FrequencyHistogram()
        var threshold: UInt8 = 0
        var evicted = 0
        var saturated = false
        let ordered = allVBuckets.filter { $0.state == .replica } + allVBuckets.filter { $0.state != .replica }
        var done = false
        for vbucket in ordered where !done {
            vbucket.hashTable.forEachStripe { values in
                for key in Array(values.keys) where !done {
                    guard let index = values.index(key) else { continue }
                    let stored = values.record(at: index)
                    histogram.add(stored.frequency)
                    saturated = saturated || stored.frequency == .max
                    if histogram.total <= FrequencyHistogram.learningPopulation || histogram.total % FrequencyHistogram.learningPopulation == 0 {
                        threshold = histogram.value(atPercentile: percentile)
                    }
                    guard stored.frequency <= threshold else { continue }
                    guard VBucket.evict(key, stored, from: &values, fullEviction: fullEviction) else { continue }
                    evicted += 1
                    // Checked every so often, not per item: a precise reading folds every thread's residue.
                    if evicted % Self.pagerCheckInterval == 0 { done = memory.precise < quota.lowWat }
                }
            }
            done = done || memory.precise < quota.lowWat
        }
        if saturated { decayFrequencies() }
        return record(evicted)
    }

    /// Halves every frequency counter (ep-engine's `ItemFreqDecayer`, run once a counter saturates).
    private func decayFrequencies() {
        for vbucket in allVBuckets {
            vbucket.hashTable.forEachStripe { values in
                for key in Array(values.keys) {
                    guard let index = values.index(key) else { continue }
                    values.setFrequency(values.record(at: index).frequency / 2, at: index)
                }
            }
        }
    }

    private func record(_ evicted: Int) -> Int {
        stats.recordEvictions(evicted, fullEviction: fullEviction)
        return evicted
    }
}

extension Bucket {
    /// Ejects every clean record now (ep-engine's `evict_key` over all keys). Returns how many.
    @discardableResult
    public func evictAllClean() -> Int {
        DomainGuard.run(.primary) {
            var evicted = 0
            let fullEviction = fullEviction
            for vbucket in allVBuckets {
                vbucket.hashTable.forEachStripe { values in
                    for key in Array(values.keys) {
                        if let stored = values[key], VBucket.evict(key, stored, from: &values, fullEviction: fullEviction) { evicted += 1 }
                    }
                }
            }
            stats.recordEvictions(evicted, fullEviction: fullEviction)
            return evicted
        }
    }

    /// Closes every vBucket's open checkpoint (ep-engine's create-checkpoint command); closed
    /// checkpoints go once every cursor has left them.
    public func createNewCheckpoints() {
        DomainGuard.run(.primary) {
            for vbucket in allVBuckets { vbucket.checkpointManager.createNewCheckpoint() }
        }
        wakeFlushers()
    }
}
