/// What a DCP producer sends, with memcached's message names. `size` is what flow control and
/// the backfill buffer charge: a 24-byte header plus key, value and extras.
public enum DcpMessage: Sendable {
    /// Items that follow belong to `[start, end]`; `fromDisk` for backfilled snapshots.
    case snapshotMarker(vbid: UInt16, start: Int64, end: Int64, fromDisk: Bool)
    case mutation(vbid: UInt16, key: String, value: ValueBlob?, bySeqno: Int64, revSeqno: UInt64)
    case deletion(vbid: UInt16, key: String, bySeqno: Int64, revSeqno: UInt64)
    case streamEnd(vbid: UInt16)

    static let headerSize = 24

    public var size: Int {
        switch self {
        case .snapshotMarker: Self.headerSize + 20
        case .mutation(_, let key, let value, _, _): Self.headerSize + 31 + key.utf8.count + (value?.count ?? 0)
        case .deletion(_, let key, _, _): Self.headerSize + 18 + key.utf8.count
        case .streamEnd: Self.headerSize + 4
        }
    }

    public var vbid: UInt16 {
        switch self {
        case .snapshotMarker(let vbid, _, _, _), .mutation(let vbid, _, _, _, _), .deletion(let vbid, _, _, _), .streamEnd(let vbid): vbid
        }
    }

    /// The seqno of a mutation or deletion.
    public var seqno: Int64? {
        switch self {
        case .mutation(_, _, _, let seqno, _), .deletion(_, _, let seqno, _): seqno
        default: nil
        }
    }
}
