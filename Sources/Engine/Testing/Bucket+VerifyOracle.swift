import MemoryTracking

/// The verify oracle: what a key's current version is, from the engine's own state. The
/// in-process DCP consumer and the runner's `verify` phase check what they were told against it.
/// Harness code, not engine behaviour: behind the `Testing` SPI.
extension Bucket {
    /// Every key of a vBucket with the seqno of its current version (hash table first, then disk
    /// for what is only there), deletions included. The result is built in the caller's domain:
    /// only the walk runs in Primary, so nothing the engine allocated is freed by the caller.
    @_spi(Testing) public func currentVersions(vbid: Int) -> [String: Int64] {
        let caller = MemoryDomain.current
        var versions: [String: Int64] = [:]
        DomainGuard.run(.primary) {
            vbucket(vbid).hashTable.forEachStripe { values in
                for key in Array(values.keys) {
                    guard let seqno = values[key]?.bySeqno else { continue }
                    DomainGuard.run(caller) { versions[String(copyingStorageOf: key)] = seqno }
                }
            }
            if let store {
                _ = try? store.scan(vbid: UInt16(vbid), from: 0, to: Int64.max) { document in
                    DomainGuard.run(caller) {
                        let key = String(decoding: document.key, as: UTF8.self)
                        if versions[key] == nil { versions[key] = document.bySeqno }
                    }
                    return true
                }
            }
        }
        return versions
    }
}

extension DcpConsumer {
    /// Checks, per vBucket it received, that every key whose current version (in memory or on
    /// disk) is at or below the last seqno received arrived with exactly that version.
    /// Returns every failure seen, in processing and here; empty means verified.
    @_spi(Testing) public func verify(against bucket: Bucket) -> [String] {
        var failures = self.failures
        for (vbid, state) in receivedVersions.sorted(by: { $0.key < $1.key }) {
            var missing = 0
            var example = ""
            for (key, version) in bucket.currentVersions(vbid: Int(vbid)) where version <= state.lastSeqno {
                if state.versions[key] != version {
                    missing += 1
                    if example.isEmpty { example = "\(key)@\(version)" }
                }
            }
            if missing > 0 { failures.append("vb \(vbid): \(missing) key(s) never received at their latest version, e.g. \(example)") }
        }
        return failures
    }
}
