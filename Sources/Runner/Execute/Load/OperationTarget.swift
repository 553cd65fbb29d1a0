import Engine
import Locking

/// What the load, mutate and replay loops drive: the engine, or the in-process dictionary that
/// engine throughput is compared with. Worker threads call it concurrently. The loops are
/// generic over it, so neither side pays for an existential call the other does not.
protocol OperationTarget: Sendable {
    func set(_ key: String, value: UnsafeRawBufferPointer, expiry: UInt32) -> Result<Void, EngineError>
    /// Copies the value into `buffer` (as much as fits).
    func get(_ key: String, into buffer: UnsafeMutableRawBufferPointer) -> Result<Void, EngineError>
    func delete(_ key: String) -> Result<Void, EngineError>
}

/// The engine's front door, recording each acknowledged mutation when the workload verifies.
struct EngineTarget: OperationTarget {
    let bucket: Bucket
    let acknowledged: AcknowledgedMutations?

    func set(_ key: String, value: UnsafeRawBufferPointer, expiry: UInt32) -> Result<Void, EngineError> {
        Result { () throws(EngineError) in
            let result = try bucket.set(key, value: value, expiry: expiry)
            acknowledged?.record(key, result, deleted: false)
        }
    }

    func get(_ key: String, into buffer: UnsafeMutableRawBufferPointer) -> Result<Void, EngineError> {
        Result { () throws(EngineError) in _ = try bucket.get(key, into: buffer) }
    }

    func delete(_ key: String) -> Result<Void, EngineError> {
        Result { () throws(EngineError) in
            let result = try bucket.delete(key)
            acknowledged?.record(key, result, deleted: true)
        }
    }
}

/// The baseline: a plain Swift dictionary of byte buffers behind one lock (uncontended with the
/// one worker the front-end benchmark uses). A set copies the value, a get copies it out, as the
/// engine does; what the engine adds on top — vBuckets, checkpoints, CAS, memory accounting and
/// domains — is what the ratio measures.
final class DictionaryBaseline: OperationTarget {
    private let values = LockedValue<[String: [UInt8]]>([:])

    func set(_ key: String, value: UnsafeRawBufferPointer, expiry: UInt32) -> Result<Void, EngineError> {
        let copy = [UInt8](value)
        values.withLock { $0[key] = copy }
        return .success(())
    }

    func get(_ key: String, into buffer: UnsafeMutableRawBufferPointer) -> Result<Void, EngineError> {
        values.withLock { values in
            guard let value = values[key] else { return .failure(.keyNotFound) }
            value.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0.prefix(buffer.count))) }
            return .success(())
        }
    }

    func delete(_ key: String) -> Result<Void, EngineError> {
        values.withLock { $0.removeValue(forKey: key) == nil ? .failure(.keyNotFound) : .success(()) }
    }
}
