/// Why the engine refused an operation, with memcached's status names.
public enum EngineError: Error, Sendable, Equatable {
    case keyNotFound
    case notMyVBucket(UInt16)
    /// Memory is high but below the quota (or checkpoint memory is full): retry later.
    case temporaryFailure
    /// Memory is at or over the quota.
    case outOfMemory
    /// Internal: the document must be fetched from disk first (ep-engine's EWOULDBLOCK + bgfetch).
    case needsFetch
    /// The store failed to read.
    case storageFailure(String)
}
