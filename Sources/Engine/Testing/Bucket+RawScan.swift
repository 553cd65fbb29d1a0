import MemoryTracking

/// The baseline backfill throughput is compared with (`backfill.raw_scan.*`). Harness code,
/// not engine behaviour: behind the `Testing` SPI.
extension Bucket {
    /// A plain seqno scan of every listed vBucket's SQLite data, counting bytes as DCP would.
    @_spi(Testing) public func measureRawScan(vbuckets ids: [Int]) -> (bytes: Int, items: Int, seconds: Double) {
        guard let store else { return (0, 0, 0) }
        return DomainGuard.run(.primary) {
            var bytes = 0
            var items = 0
            let started = MonotonicClock.now
            for vbid in ids {
                _ = try? store.scan(vbid: UInt16(vbid), from: 0, to: Int64.max) { document in
                    let key = String(decoding: document.key, as: UTF8.self)
                    let value = ValueBlob(copying: document.value, owner: .none)
                    bytes += DcpMessage.headerSize + 31 + key.utf8.count + value.count
                    items += 1
                    return true
                }
            }
            return (bytes, items, MonotonicClock.now - started)
        }
    }
}
