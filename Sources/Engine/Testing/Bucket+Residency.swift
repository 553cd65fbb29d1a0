/// Test-only views of what the item pager left in memory.
extension Bucket {
    /// Whether `key`'s value is in memory, without touching its frequency or fetching it.
    @_spi(Testing) public func isResident(_ key: String) -> Bool {
        (try? vbucket(for: key).hashTable.withStripe(for: key) { (values) throws(EngineError) -> Bool in
            values.index(key).map { values.record(at: $0).isResident } ?? false
        }) ?? false
    }

    /// `key`'s access-frequency counter, if it is in the table.
    @_spi(Testing) public func frequency(of key: String) -> UInt8? {
        try? vbucket(for: key).hashTable.withStripe(for: key) { (values) throws(EngineError) -> UInt8? in
            values.index(key).map { values.record(at: $0).frequency }
        }
    }
}
