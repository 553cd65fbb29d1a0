/// Why the engine refused an operation, with memcached's status names.
public enum EngineError: Error, Sendable, Equatable {
    case keyNotFound
    case notMyVBucket(UInt16)
    case temporaryFailure
    case outOfMemory
}
