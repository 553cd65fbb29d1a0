@_spi(Testing) import Engine
import Locking

/// Every mutation the engine acknowledged during the repetition, by key: the latest one (the
/// highest seqno; keys live in one vBucket, so seqnos of a key are comparable). `verify` checks
/// the engine against it; a killed restart forgets what was not persisted. Kept only when the
/// workload has a `verify` phase. Any worker thread may record concurrently (striped locks).
final class AcknowledgedMutations: Sendable {
    struct Acknowledged: Sendable {
        var vbid: UInt16
        var seqno: Int64
        var deleted: Bool
    }

    private let stripes: [LockedValue<[String: Acknowledged]>] = (0..<64).map { _ in LockedValue([:]) }

    private func stripe(_ key: String) -> LockedValue<[String: Acknowledged]> {
        stripes[Int(UInt(bitPattern: key.hashValue) % UInt(stripes.count))]
    }

    func record(_ key: String, _ result: MutationResult, deleted: Bool) {
        stripe(key).withLock { entries in
            if let known = entries[key], known.seqno > result.seqno { return }
            entries[key] = Acknowledged(vbid: result.vbid, seqno: result.seqno, deleted: deleted)
        }
    }

    /// After a killed restart: mutations above their vBucket's persisted seqno are gone, and the
    /// version the key now has is not known here, so the key is no longer checked. Returns how
    /// many keys were forgotten.
    func forgetUnpersisted(persisted: [Int64]) -> Int {
        stripes.reduce(0) { total, stripe in
            total + stripe.withLock { entries in
                let lost = entries.filter { $0.value.seqno > persisted[Int($0.value.vbid)] }.map(\.key)
                for key in lost { entries[key] = nil }
                return lost.count
            }
        }
    }

    /// Checks every key: a live one must be readable with its latest acknowledged seqno as the
    /// current version (in memory or on disk); a deleted one must be absent or that deletion.
    /// Returns the number of keys checked and a description of each mismatch.
    func check(against bucket: Bucket) -> (checked: Int, mismatches: [String]) {
        var byVBucket: [UInt16: [(String, Acknowledged)]] = [:]
        for stripe in stripes {
            stripe.withLock { entries in for (key, entry) in entries { byVBucket[entry.vbid, default: []].append((key, entry)) } }
        }
        var checked = 0
        var mismatches: [String] = []
        for (vbid, entries) in byVBucket.sorted(by: { $0.key < $1.key }) {
            let versions = bucket.currentVersions(vbid: Int(vbid))
            for (key, entry) in entries {
                checked += 1
                let current = versions[key]
                if entry.deleted {
                    if let current, current != entry.seqno {
                        mismatches.append("\(key) (vb \(vbid)): deleted at seqno \(entry.seqno), but the current version has seqno \(current)")
                    }
                } else if current != entry.seqno {
                    mismatches.append("\(key) (vb \(vbid)): acknowledged at seqno \(entry.seqno), current version \(current.map(String.init) ?? "missing")")
                } else if (try? bucket.get(key)) == nil {
                    mismatches.append("\(key) (vb \(vbid)): acknowledged at seqno \(entry.seqno) but not readable")
                }
            }
        }
        return (checked, mismatches)
    }
}
