import Engine
import Workload

/// One load-generating thread's state: its index, random stream, value buffer and tallies.
struct LoadWorker {
    let index: Int
    var random: RandomSource
    let value: ValueBytes
    let dataset: Dataset
    var counts = OperationCounts()
    var latencies = OperationLatencies()

    init(index: Int, random: RandomSource, dataset: Dataset) {
        self.index = index
        self.random = random
        self.dataset = dataset
        value = ValueBytes(size: dataset.valueSize.maximum, compressibility: dataset.compressibility, random: &self.random)
    }

    /// Sets `key` to a value of the dataset's next size, with the dataset's ttl.
    mutating func set<Target: OperationTarget>(_ key: String, into target: Target) -> Result<Void, EngineError> {
        value.set(key, size: dataset.valueSize.next(&random), expiry: dataset.ttl, into: target)
    }
}

extension Dataset.KeyOrder {
    /// The item loaded at `position`: the identity, or a fixed permutation (multiplication by a
    /// prime coprime with the item count) that spreads consecutive positions over the key space.
    func item(at position: Int, of items: Int) -> Int {
        guard self == .hashed, items > 1 else { return position }
        let primes = [1_000_003, 999_983, 7_919]
        let prime = primes.first { items % $0 != 0 } ?? 1
        return Int((UInt64(position) &* UInt64(prime)) % UInt64(items))
    }
}

/// A worker's value buffer: pseudo-random bytes from the workload seed, allocated once per
/// worker outside the engine's domain; the engine copies what it stores.
struct ValueBytes {
    private let bytes: [UInt8]

    /// Random bytes, except that the last `compressibility` share repeats one byte (compresses away).
    init(size: Int, compressibility: Double = 0, random: inout RandomSource) {
        var bytes = [UInt8](repeating: 0x61, count: size)
        let randomPart = Int(Double(size) * (1 - compressibility))
        for index in 0..<randomPart { bytes[index] = UInt8(truncatingIfNeeded: random.next()) }
        self.bytes = bytes
    }

    /// Stores the first `size` bytes (a trace's value size) under `key`.
    func set<Target: OperationTarget>(_ key: String, size: Int, expiry: UInt32, into target: Target) -> Result<Void, EngineError> {
        bytes.withUnsafeBytes { raw in target.set(key, value: UnsafeRawBufferPointer(rebasing: raw.prefix(size)), expiry: expiry) }
    }
}
