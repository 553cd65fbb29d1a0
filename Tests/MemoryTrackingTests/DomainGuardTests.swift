import MemoryTracking
import XCTest

/// Domain bookkeeping that holds under any allocator (these also run under ThreadSanitizer).
final class DomainGuardTests: XCTestCase {
    struct Boom: Error {}

    func testGuardRestoresPreviousDomainWhenBodyThrows() {
        XCTAssertEqual(MemoryDomain.current, .none)
        XCTAssertThrowsError(try DomainGuard.run(.secondary) { () throws(Boom) in
            XCTAssertEqual(MemoryDomain.current, .secondary)
            throw Boom()
        })
        XCTAssertEqual(MemoryDomain.current, .none)

        let inner = DomainGuard.run(.primary) { () throws(Never) -> MemoryDomain in
            let thrown = Result { () throws(Boom) in try DomainGuard.run(.secondary) { () throws(Boom) in throw Boom() } }
            XCTAssertThrowsError(try thrown.get())
            return MemoryDomain.current
        }
        XCTAssertEqual(inner, .primary, "an inner guard restores the outer domain, not none")
        XCTAssertEqual(MemoryDomain.current, .none)
    }

    func testGuardReturnsBodyResult() {
        XCTAssertEqual(DomainGuard.run(.primary) { 41 + 1 }, 42)
    }

    /// Without jemalloc the tracker must say so rather than report zeros as measurements.
    func testAllocatorDetectionNamesTheServingLibrary() {
        let info = AllocatorInfo.detect()
        if info.kind == .jemalloc {
            XCTAssertNil(info.unavailableReason)
            XCTAssertTrue(info.path.contains("jemalloc"))
        } else {
            XCTAssertNil(AllocatorStats.read(), "no jemalloc statistics without jemalloc")
            XCTAssertTrue(info.unavailableReason?.contains("jemalloc is not active") ?? false)
        }
    }
}
