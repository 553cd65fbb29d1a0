/// A value's bytes in one manually sized allocation (object header + length + bytes), shared by
/// reference between the hash table and every checkpoint or stream that queues the same version,
/// as ep-engine's `Blob` is. Immutable once created, which is what makes sharing across threads
/// safe (hence the unchecked `Sendable`); any thread may read it.
public struct ValueBlob: @unchecked Sendable {
    /// Bytes the engine's estimate charges beyond the value itself: object header (16 B) +
    /// length word (8 B). Size-class rounding is the allocator's, and shows in its figures only.
    public static let headerSize = 24

    private final class Storage: ManagedBuffer<Int, UInt8> {}

    private let storage: Storage

    public init(copying bytes: UnsafeRawBufferPointer) {
        storage = unsafeDowncast(Storage.create(minimumCapacity: bytes.count) { _ in bytes.count }, to: Storage.self)
        storage.withUnsafeMutablePointerToElements { elements in
            if let base = bytes.baseAddress {
                elements.initialize(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
            }
        }
    }

    public var count: Int { storage.header }

    /// The engine's estimate of this blob's footprint.
    public var size: Int { Self.headerSize + storage.header }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeMutablePointerToElements { try body(UnsafeRawBufferPointer(start: $0, count: storage.header)) }
    }
}
