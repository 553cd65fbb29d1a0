/// A connection's backfill buffer (ep-engine's `BackfillScanBuffer`): backfills stop reading once
/// `bytes` reaches `limit` (`dcp_backfill_byte_limit`), and resume only when sending has brought
/// it below 75% of the limit. An item larger than the whole buffer still gets through when the
/// buffer is empty. A value type; the owner guards it.
public struct BackfillBuffer: Sendable, Equatable {
    public let limit: Int
    public private(set) var bytes = 0
    public private(set) var isFull = false
    /// How many times the buffer became full.
    public private(set) var fullEvents = 0

    public init(limit: Int) { self.limit = max(1, limit) }

    /// Whether a backfill may read an item of `size` now.
    public func canRead(_ size: Int) -> Bool { !isFull && (bytes == 0 || bytes + size <= limit || bytes < limit) }

    /// Charges an item read from disk.
    public mutating func recordRead(_ size: Int) {
        bytes += size
        if bytes >= limit && !isFull {
            isFull = true
            fullEvents += 1
        }
    }

    /// Releases an item the front end has sent. Returns false — and releases nothing — when more
    /// is released than was read: an accounting bug (ep-engine treats it as fatal), never clamped
    /// away, since a buffer whose bytes drift up stays full and stalls its backfills.
    @discardableResult
    public mutating func recordSent(_ size: Int) -> Bool {
        guard size <= bytes else { return false }
        bytes -= size
        if isFull && Double(bytes) < 0.75 * Double(limit) { isFull = false }
        return true
    }
}
