/// Key → vBucket, as memcached clients map it: `(crc32(key) >> 16) & 0x7fff` modulo the count.
public enum VBucketMap {
    public static func vbucket(for key: String, count: Int) -> Int {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in key.utf8 {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        crc ^= 0xFFFF_FFFF
        return Int((crc >> 16) & 0x7FFF) % count
    }

    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
        }
        return value
    }
}
