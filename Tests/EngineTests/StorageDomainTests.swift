@_spi(Testing) import Engine
import Foundation
import MemoryTracking
import XCTest

/// MB-47308: the storage library's memory is charged to the Secondary domain, and every callback
/// out of it — a scanned row, a fetched document — runs back in the bucket's Primary domain,
/// where the engine copies what it keeps. A callback left in Secondary would charge the engine's
/// copies to the storage library (the bug the review was about).
final class StorageDomainTests: XCTestCase {
    /// Records the domain every store call and every callback ran in.
    final class RecordingStore: KVStore, @unchecked Sendable {
        private let lock = NSLock()
        private var domains: [String: Set<MemoryDomain>] = [:]
        let document = Array("value".utf8)

        func note(_ what: String) {
            lock.lock()
            domains[what, default: []].insert(MemoryDomain.current)
            lock.unlock()
        }

        var seen: [String: Set<MemoryDomain>] {
            lock.lock()
            defer { lock.unlock() }
            return domains
        }

        func commit(vbid: UInt16, documents: [QueuedItem], persistedSeqno: Int64) throws(StorageError) { note("commit") }

        func get<R>(vbid: UInt16, key: String, _ body: (DiskDocument?) -> R) throws(StorageError) -> R {
            note("get")
            return withDocument { body($0) }
        }

        func scan(vbid: UInt16, from: Int64, to: Int64, _ body: (DiskDocument) -> Bool) throws(StorageError) -> Int {
            note("scan")
            _ = withDocument { body($0) }
            return 1
        }

        func persistedSeqno(vbid: UInt16) throws(StorageError) -> Int64 {
            note("persistedSeqno")
            return 0
        }

        var memoryUsed: Int {
            note("memoryUsed")
            return 0
        }

        private func withDocument<R>(_ body: (DiskDocument) -> R) -> R {
            document.withUnsafeBytes { bytes in
                body(DiskDocument(key: bytes, value: bytes, bySeqno: 1, revSeqno: 1, cas: 1, flags: 0, expiry: 0, isDeleted: false))
            }
        }
    }

    func testStoreCallsRunInSecondaryAndCallbacksInPrimary() throws {
        let recording = RecordingStore()
        let store = MemoryTrackingKVStore(wrapping: recording)
        var callbackDomains: Set<MemoryDomain> = []
        try DomainGuard.run(.primary) { () throws(StorageError) in
            try store.commit(vbid: 0, documents: [], persistedSeqno: 1)
            _ = try store.get(vbid: 0, key: "k") { _ in callbackDomains.insert(MemoryDomain.current) }
            try store.scan(vbid: 0, from: 0, to: 10) { _ in
                callbackDomains.insert(MemoryDomain.current)
                return true
            }
            _ = try store.persistedSeqno(vbid: 0)
            _ = store.memoryUsed
        }
        for (call, domains) in recording.seen { XCTAssertEqual(domains, [.secondary], "store call \(call)") }
        XCTAssertEqual(recording.seen.count, 5)
        XCTAssertEqual(callbackDomains, [.primary], "a callback out of the store must run in Primary")
    }
}
