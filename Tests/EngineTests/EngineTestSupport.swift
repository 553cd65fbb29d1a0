@_spi(Testing) import Engine
import Foundation
import XCTest

/// Shared helpers for engine scenario tests.
enum EngineTestSupport {
    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kvbench-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Waits (bounded) for background threads to make `condition` true.
    static func eventually(_ timeout: Double = 20, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(1000)
        }
        return condition()
    }

    static func set(_ bucket: Bucket, _ key: String, size: Int, fill: UInt8 = 0x5a) throws {
        let value = [UInt8](repeating: fill, count: size)
        try value.withUnsafeBytes { _ = try bucket.set(key, value: $0) }
    }

    /// `set`, retrying temporary failures as a client would (checkpoint memory waits for the
    /// flusher and the destroyer while a test writes as fast as it can).
    static func setRetrying(_ bucket: Bucket, _ key: String, size: Int, fill: UInt8 = 0x5a) throws {
        while true {
            do {
                return try set(bucket, key, size: size, fill: fill)
            } catch EngineError.temporaryFailure {
                usleep(1000)
            }
        }
    }

    static func value(_ bucket: Bucket, _ key: String, capacity: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: capacity)
        let length = try buffer.withUnsafeMutableBytes { try bucket.get(key, into: $0) }
        return Array(buffer.prefix(length))
    }
}
