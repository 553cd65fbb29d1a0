import Locking

/// A vBucket's documents, striped over `ht_locks` mutex-guarded dictionaries so that front-end
/// threads working on different keys rarely contend. Every change goes through `withStripe` or
/// `forEachStripe`, which publish the change in footprint to the bucket's memory counters.
/// Any thread may call; bodies run under the stripe's lock and may call into the checkpoint
/// manager (lock order: stripe → checkpoint manager), never back into this table.
public final class HashTable: Sendable {
    private let stripes: [LockedValue<Stripe>]
    private let counters: EngineMemoryCounters

    /// One stripe's records and the generator its accesses draw frequency increments from.
    struct Stripe {
        var values: [String: StoredValue] = [:]
        var random: UInt64
    }

    init(locks: Int, counters: EngineMemoryCounters) {
        stripes = (0..<max(1, locks)).map { LockedValue(Stripe(random: 0x9E37_79B9_7F4A_7C15 &* UInt64($0 + 1))) }
        self.counters = counters
    }

    func withStripe<R>(for key: String, _ body: (inout StripeAccess) throws(EngineError) -> R) throws(EngineError) -> R {
        let stripe = stripes[Int(UInt(bitPattern: key.hashValue) % UInt(stripes.count))]
        return try stripe.withLock { (stripe) throws(EngineError) -> R in
            var access = StripeAccess(values: stripe.values, random: stripe.random)
            stripe.values = [:]
            defer {
                stripe.values = access.values
                stripe.random = access.random
                counters.addHashTable(access.footprintDelta, values: access.valueDelta)
            }
            return try body(&access)
        }
    }

    /// Visits every stripe in turn (the item pager's walk).
    func forEachStripe(_ body: (inout StripeAccess) -> Void) {
        for stripe in stripes {
            stripe.withLock { stripe in
                var access = StripeAccess(values: stripe.values, random: stripe.random)
                stripe.values = [:]
                body(&access)
                stripe.values = access.values
                stripe.random = access.random
                counters.addHashTable(access.footprintDelta, values: access.valueDelta)
            }
        }
    }

    /// Number of keys, deleted ones included (tombstones stay until persisted).
    public var count: Int { stripes.reduce(0) { $0 + $1.withLock { $0.values.count } } }

    /// Keys whose value is in memory (deleted records count as resident).
    public var residentCount: Int {
        stripes.reduce(0) { $0 + $1.withLock { $0.values.values.reduce(0) { $0 + ($1.isResident ? 1 : 0) } } }
    }
}

/// One locked stripe: reads and writes of records that keep the footprint accounting right. A key
/// the table did not hold is stored as the engine's own copy (`String(copyingStorageOf:)`), never
/// as the caller's string.
struct StripeAccess {
    fileprivate(set) var values: [String: StoredValue]
    /// The stripe's generator (see `ProbabilisticCounter`).
    fileprivate(set) var random: UInt64
    fileprivate(set) var footprintDelta = 0
    /// The part of `footprintDelta` that is value bytes.
    fileprivate(set) var valueDelta = 0

    subscript(key: String) -> StoredValue? {
        get { values[key] }
        set {
            let index = values.index(forKey: key)
            let old = index.map { values.values[$0] }
            account(removing: old, adding: newValue, keyLength: key.utf8.count)
            switch (index, newValue) {
            case (let index?, let record?): values.values[index] = record
            case (let index?, nil): values.remove(at: index)
            case (nil, let record?): values[String(copyingStorageOf: key)] = record
            case (nil, nil): break
            }
        }
    }

    private mutating func account(removing old: StoredValue?, adding new: StoredValue?, keyLength: Int) {
        footprintDelta += (new?.footprint(keyLength: keyLength) ?? 0) - (old?.footprint(keyLength: keyLength) ?? 0)
        valueDelta += (new?.valueBytes ?? 0) - (old?.valueBytes ?? 0)
    }

    // The front end's hot paths hash a key once per table visit (the set path hashed it three
    // times — half of its hash-table time in a CPU profile of perf-frontend-ops).

    func index(_ key: String) -> Dictionary<String, StoredValue>.Index? { values.index(forKey: key) }

    func record(at index: Dictionary<String, StoredValue>.Index) -> StoredValue { values.values[index] }

    /// Marks the record accessed (no footprint change): its frequency counter may rise.
    mutating func recordAccess(at index: Dictionary<String, StoredValue>.Index) {
        values.values[index].frequency = ProbabilisticCounter.incremented(values.values[index].frequency, random: &random)
    }

    /// Sets a record's frequency counter (the pager's decay; no footprint change).
    mutating func setFrequency(_ frequency: UInt8, at index: Dictionary<String, StoredValue>.Index) {
        values.values[index].frequency = frequency
    }

    /// Replaces the record for `key` (or inserts one) with what `make` builds from the current one.
    mutating func update<R>(_ key: String, _ make: (StoredValue?) -> (StoredValue, R)) -> R {
        let keyLength = key.utf8.count
        if let index = values.index(forKey: key) {
            let old = values.values[index]
            let (new, result) = make(old)
            account(removing: old, adding: new, keyLength: keyLength)
            values.values[index] = new
            return result
        }
        let (new, result) = make(nil)
        account(removing: nil, adding: new, keyLength: keyLength)
        values[String(copyingStorageOf: key)] = new
        return result
    }

    var keys: Dictionary<String, StoredValue>.Keys { values.keys }
}
