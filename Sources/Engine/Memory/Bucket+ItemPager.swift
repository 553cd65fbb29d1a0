import MemoryTracking

/// The item pager (ep-engine's `ItemPager`): when memory is above the high watermark, ejects clean
/// items until it is below the low watermark. Victims are chosen by access frequency: each pass
/// ejects records whose counter is at most a threshold that doubles pass by pass, and halves the
/// counters of those it spares, so items not touched for a while (aged) go first.
extension Bucket {
    /// Returns how many records it ejected.
    @discardableResult
    func runItemPager() -> Int {
        guard memory.precise > quota.highWat else { return 0 }
        var evicted = 0
        let fullEviction = fullEviction
        var threshold = 0
        while threshold <= Int(UInt8.max) {
            for vbucket in allVBuckets {
                vbucket.hashTable.forEachStripe { values in
                    for key in Array(values.keys) {
                        guard var stored = values[key] else { continue }
                        if Int(stored.frequency) <= threshold {
                            if VBucket.evict(key, stored, from: &values, fullEviction: fullEviction) { evicted += 1 }
                        } else {
                            stored.frequency /= 2
                            values[key] = stored
                        }
                    }
                }
                if memory.precise < quota.lowWat { return record(evicted) }
            }
            threshold = threshold * 2 + 1
        }
        return record(evicted)
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
        wakeFlusher()
    }
}
