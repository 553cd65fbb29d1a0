import Locking

/// A vBucket's documents, striped over `ht_locks` mutex-guarded dictionaries so that front-end
/// threads working on different keys rarely contend. Any thread may call; the body of
/// `withStripe` runs under the stripe's lock and may call into the checkpoint manager (lock
/// order: stripe → checkpoint manager).
public final class HashTable: Sendable {
    private let stripes: [LockedValue<[String: StoredValue]>]

    public init(locks: Int) {
        stripes = (0..<max(1, locks)).map { _ in LockedValue([:]) }
    }

    func withStripe<R>(for key: String, _ body: (inout [String: StoredValue]) throws(EngineError) -> R) throws(EngineError) -> R {
        let stripe = stripes[Int(UInt(bitPattern: key.hashValue) % UInt(stripes.count))]
        return try stripe.withLock { (values) throws(EngineError) -> R in try body(&values) }
    }

    /// Number of keys, deleted ones included (tombstones stay until purged).
    public var count: Int { stripes.reduce(0) { $0 + $1.withLock { $0.count } } }
}
