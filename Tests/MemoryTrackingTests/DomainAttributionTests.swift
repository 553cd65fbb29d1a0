import Foundation
import MemoryTracking
import Synchronization
import TestSupport
import XCTest

/// Attribution must be exact to jemalloc's size classes, so these tests need jemalloc serving
/// this very process. The test binary is not linked with jemalloc (the same binary runs under
/// ThreadSanitizer), so each test re-executes the test binary for itself with jemalloc preloaded
/// and asserts in that child; the parent only checks that the child ran the test and passed.
final class DomainAttributionTests: XCTestCase {
    static let childMarker = "KVBENCH_ALLOCATOR_CHILD"
    static let jemalloc = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"
    static let tcmalloc = "/usr/lib/x86_64-linux-gnu/libtcmalloc.so.4"

    /// Runs the calling test in a child preloaded with `library` unless this process is that
    /// child. Returns true when the caller should run its assertions here.
    private func inJemallocChild(_ test: String = #function) throws -> Bool {
        try inChild(preloading: Self.jemalloc, expecting: .jemalloc, test)
    }

    private func inChild(preloading library: String, expecting kind: AllocatorKind, _ test: String) throws -> Bool {
        if ProcessInfo.processInfo.environment[Self.childMarker] != nil {
            XCTAssertEqual(AllocatorInfo.detect().kind, kind, "the child must be served by \(kind)")
            XCTAssertTrue(AllocatorInfo.detect().hasDomainCounters)
            return true
        }
        guard FileManager.default.fileExists(atPath: library) else {
            XCTFail("\(library) is missing: make test installs libjemalloc-dev and libgoogle-perftools-dev")
            return false
        }
        let name = "MemoryTrackingTests.DomainAttributionTests/\(test.replacingOccurrences(of: "()", with: ""))"
        let process = Process()
        process.executableURL = TestPaths.testBinary
        process.arguments = [name]
        var environment = ProcessInfo.processInfo.environment
        environment["LD_PRELOAD"] = library
        environment[Self.childMarker] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "jemalloc child failed:\n\(text)")
        XCTAssertTrue(text.contains("Executed 1 test"), "the child did not run \(name):\n\(text)")
        return false
    }

    private static func allocate(_ pointers: UnsafeMutablePointer<UnsafeMutableRawPointer?>, count: Int, size: Int) {
        for index in 0..<count { pointers[index] = malloc(size) }
    }

    private static func free(_ pointers: UnsafeMutablePointer<UnsafeMutableRawPointer?>, count: Int) {
        for index in 0..<count { Foundation.free(pointers[index]) }
    }

    /// N objects of a 48-byte size class inside a Secondary guard raise Secondary by exactly
    /// N × 48 and leave Primary unchanged; freeing them in Secondary brings it back.
    func testSecondaryGuardChargesExactSizeClass() throws {
        guard try inJemallocChild() else { return }
        let count = 1000, size = 48
        let pointers = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: count)
        defer { pointers.deallocate() }
        let primary = MemoryDomain.primary.preciseBytes
        let secondary = MemoryDomain.secondary.preciseBytes

        DomainGuard.run(.secondary) { Self.allocate(pointers, count: count, size: size) }
        XCTAssertEqual(MemoryDomain.secondary.preciseBytes - secondary, Int64(count * size))
        XCTAssertEqual(MemoryDomain.primary.preciseBytes, primary)

        DomainGuard.run(.secondary) { Self.free(pointers, count: count) }
        XCTAssertEqual(MemoryDomain.secondary.preciseBytes, secondary)
        XCTAssertEqual(MemoryDomain.primary.preciseBytes, primary)
    }

    /// Sizes are charged by size class, not by request: 100 bytes is jemalloc's 112 class.
    func testChargesRoundUpToSizeClass() throws {
        guard try inJemallocChild() else { return }
        let count = 64
        let pointers = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: count)
        defer { pointers.deallocate() }
        let before = MemoryDomain.primary.preciseBytes
        DomainGuard.run(.primary) { Self.allocate(pointers, count: count, size: 100) }
        XCTAssertEqual(MemoryDomain.primary.preciseBytes - before, Int64(count * 112))
        DomainGuard.run(.primary) { Self.free(pointers, count: count) }
        XCTAssertEqual(MemoryDomain.primary.preciseBytes, before)
    }

    /// Nested guards charge the innermost domain and give the outer one back its own bytes.
    func testNestedGuardsChargeInnermostDomain() throws {
        guard try inJemallocChild() else { return }
        let pointers = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: 2)
        defer { pointers.deallocate() }
        let primary = MemoryDomain.primary.preciseBytes
        let secondary = MemoryDomain.secondary.preciseBytes
        DomainGuard.run(.primary) {
            pointers[0] = malloc(256)
            DomainGuard.run(.secondary) { pointers[1] = malloc(1024) }
        }
        XCTAssertEqual(MemoryDomain.primary.preciseBytes - primary, 256)
        XCTAssertEqual(MemoryDomain.secondary.preciseBytes - secondary, 1024)
        DomainGuard.run(.primary) { Foundation.free(pointers[0]) }
        DomainGuard.run(.secondary) { Foundation.free(pointers[1]) }
        XCTAssertEqual(MemoryDomain.primary.preciseBytes, primary)
        XCTAssertEqual(MemoryDomain.secondary.preciseBytes, secondary)
    }

    /// A thread's residue is folded into the totals when the thread exits.
    func testExitedThreadsBytesStayCounted() throws {
        guard try inJemallocChild() else { return }
        let before = MemoryDomain.secondary.preciseBytes
        let holder = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: 1)
        defer { holder.deallocate() }
        var thread = pthread_t()
        pthread_create(&thread, nil, { raw in
            let slot = raw!.assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
            DomainGuard.run(.secondary) { slot.pointee = malloc(4096) }
            return nil
        }, holder)
        pthread_join(thread, nil)
        XCTAssertEqual(MemoryDomain.secondary.preciseBytes - before, 4096)
        DomainGuard.run(.secondary) { Foundation.free(holder.pointee) }
        XCTAssertEqual(MemoryDomain.secondary.preciseBytes, before)
    }

    /// A thread is credited from its start, not from its first domain switch: a buffer a worker
    /// allocates before its first engine call and frees after it leaves `none` where it was
    /// (before, the free was counted without the allocation: `none` went 64 KiB negative).
    func testBytesAllocatedBeforeTheFirstSwitchAreCounted() throws {
        guard try inJemallocChild() else { return }
        let before = MemoryDomain.none.preciseBytes
        var thread = pthread_t()
        pthread_create(&thread, nil, { _ in
            let buffer = malloc(64 << 10)
            DomainGuard.run(.primary) {}
            Foundation.free(buffer)
            return nil
        }, nil)
        pthread_join(thread, nil)
        let change = MemoryDomain.none.preciseBytes - before
        XCTAssertLessThan(abs(change), 4096, "none moved by \(change) bytes over a thread that freed what it allocated")
    }

    /// A thread's own counters measure a window of its work exactly, whatever another thread
    /// allocates meanwhile (the expel figure): 100 × 1 KiB freed here while another thread
    /// allocates without pause until the window has closed.
    func testAThreadsWindowIgnoresOtherThreads() throws {
        guard try inJemallocChild() else { return }
        let count = 100
        let pointers = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: count)
        defer { pointers.deallocate() }
        Self.allocate(pointers, count: count, size: 1024)
        let windowOpen = Atomic<Bool>(true), started = Atomic<Bool>(false), allocations = Atomic<Int>(0)
        let others = Thread {
            started.store(true, ordering: .releasing)
            while windowOpen.load(ordering: .acquiring) {
                _ = malloc(1024)
                allocations.add(1, ordering: .relaxed)
            }
        }
        others.start()
        while !started.load(ordering: .acquiring) {}
        let start = ThreadAllocations.current
        Self.free(pointers, count: count)
        let freed = ThreadAllocations.current.freed(since: start)
        windowOpen.store(false, ordering: .releasing)
        XCTAssertEqual(freed, Int64(count * 1024))
        XCTAssertGreaterThan(allocations.load(ordering: .relaxed), 0, "the other thread allocated meanwhile")
    }

    /// tcmalloc's malloc hooks feed the same counters: 1000 × 48 B in Secondary is exactly 48,000.
    func testTcmallocHooksAttributeExactly() throws {
        guard try inChild(preloading: Self.tcmalloc, expecting: .tcmalloc, #function) else { return }
        let count = 1000, size = 48
        let pointers = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: count)
        defer { pointers.deallocate() }
        let primary = MemoryDomain.primary.preciseBytes
        let secondary = MemoryDomain.secondary.preciseBytes
        DomainGuard.run(.secondary) { Self.allocate(pointers, count: count, size: size) }
        XCTAssertEqual(MemoryDomain.secondary.preciseBytes - secondary, Int64(count * size))
        XCTAssertEqual(MemoryDomain.primary.preciseBytes, primary)
        DomainGuard.run(.secondary) { Self.free(pointers, count: count) }
        XCTAssertEqual(MemoryDomain.secondary.preciseBytes, secondary)
        XCTAssertNotNil(ProcessAllocatorFigures.read(.tcmalloc)["allocated"])
    }

    func testJemallocStatsAreReadable() throws {
        guard try inJemallocChild() else { return }
        let stats = try XCTUnwrap(AllocatorStats.read())
        XCTAssertGreaterThan(stats.allocated, 0)
        XCTAssertGreaterThanOrEqual(stats.active, stats.allocated)
        XCTAssertGreaterThanOrEqual(stats.resident, stats.active)
        XCTAssertGreaterThanOrEqual(stats.mapped, stats.active)
        XCTAssertNotNil(AllocatorInfo.detect().version)
    }
}
