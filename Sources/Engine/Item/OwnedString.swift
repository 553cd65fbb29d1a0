extension String {
    /// A copy that shares no storage with `other`, allocated by the calling thread in its current
    /// memory domain. The engine keeps only such copies of what callers hand it (keys, cursor
    /// names), as memcached copies a request out of the connection buffer: a Swift string longer
    /// than 15 UTF-8 bytes lives on the heap of the thread that made it, so keeping the caller's
    /// would charge the caller for bytes the engine holds, and let the caller's domain be credited
    /// with their free. Up to 15 bytes a string is stored inline and the copy allocates nothing.
    public init(copyingStorageOf other: String) {
        var source = other
        self = source.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { buffer in
                _ = buffer.initialize(from: bytes)
                return bytes.count
            }
        }
    }
}
