/// A value's bytes in one manually sized allocation (object header + length and owner + bytes),
/// shared by reference between the hash table and every checkpoint or stream that queues the same
/// version, as ep-engine's `Blob` is. Immutable once created, which is what makes sharing across
/// threads safe (hence the unchecked `Sendable`); any thread may read it. Its bytes count toward
/// its owner's live value bytes from creation until the last reference is gone.
public struct ValueBlob: @unchecked Sendable {
    /// Bytes the engine's estimate charges beyond the value itself: object header (16 B) +
    /// length and owner (8 B). Size-class rounding is the allocator's, and shows in its figures only.
    public static let headerSize = 24

    struct Header {
        var count: UInt32
        var owner: UInt32
    }

    private final class Storage: ManagedBuffer<Header, UInt8> {
        deinit { ValueOwner(id: header.owner).add(-(ValueBlob.headerSize + Int(header.count))) }
    }

    private let storage: Storage

    /// Copies `bytes` (at most 4 GiB) into a blob whose bytes count toward `owner`'s.
    public init(copying bytes: UnsafeRawBufferPointer, owner: ValueOwner) {
        precondition(bytes.count <= Int(UInt32.max), "a value of \(bytes.count) bytes")
        storage = unsafeDowncast(Storage.create(minimumCapacity: bytes.count) { _ in
            Header(count: UInt32(bytes.count), owner: owner.id)
        }, to: Storage.self)
        storage.withUnsafeMutablePointerToElements { elements in
            if let base = bytes.baseAddress {
                elements.initialize(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
            }
        }
        owner.add(Self.headerSize + bytes.count)
    }

    public var count: Int { Int(storage.header.count) }

    /// The engine's estimate of this blob's footprint.
    public var size: Int { Self.headerSize + count }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeMutablePointerToElements { try body(UnsafeRawBufferPointer(start: $0, count: count)) }
    }
}
