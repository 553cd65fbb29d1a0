import Synchronization

/// Who a value blob's bytes belong to, for the engine's own accounting of `mem_used` when no
/// allocator counts per domain (glibc): a bucket's live value bytes are counted when a blob is
/// made and when it is freed, so a value shared by the hash table, checkpoints and DCP queues is
/// counted once for as long as any of them holds it — and evicting it from the hash table frees
/// nothing while a checkpoint still holds it. The owner is a 32-bit id kept in the blob's header
/// beside its length, so the count costs no memory per value; ids index a fixed table of
/// counters. Thread-safe.
public struct ValueOwner: Sendable, Equatable {
    let id: UInt32

    /// Blobs of no bucket (baselines, tests): counted apart and never read.
    public static let none = ValueOwner(id: 0)

    /// A new owner for a bucket. Ids wrap around the table, so two buckets of one process share
    /// a counter only after `slots.count - 1` more have been created.
    static func make() -> ValueOwner {
        let next = counter.add(1, ordering: .relaxed).newValue
        return ValueOwner(id: next % UInt32(slots.count) == 0 ? 1 : next % UInt32(slots.count))
    }

    /// Bytes of this owner's blobs alive now (as `ValueBlob.size` counts them).
    var liveBytes: Int { Self.slots[Int(id)].bytes.load(ordering: .relaxed) }

    func add(_ bytes: Int) { Self.slots[Int(id)].bytes.add(bytes, ordering: .relaxed) }

    private final class Slot: Sendable {
        let bytes = Atomic<Int>(0)
    }

    private static let slots = (0..<1024).map { _ in Slot() }
    private static let counter = Atomic<UInt32>(0)
}
