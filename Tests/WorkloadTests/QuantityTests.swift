import Results
import Workload
import XCTest

final class QuantityTests: XCTestCase {
    func testCounts() {
        XCTAssertEqual(Quantity.count("500000"), 500_000)
        XCTAssertEqual(Quantity.count("1_000_000"), 1_000_000)
        XCTAssertEqual(Quantity.count("500k"), 500_000)
        XCTAssertEqual(Quantity.count("2M"), 2_000_000)
        XCTAssertEqual(Quantity.count("1.5k"), 1500)
        XCTAssertNil(Quantity.count("lots"))
        XCTAssertNil(Quantity.count("-5"))
        XCTAssertNil(Quantity.count("1.0001k"))
    }

    func testSizes() {
        XCTAssertEqual(Quantity.size("512MiB"), 512 << 20)
        XCTAssertEqual(Quantity.size("1KiB"), 1024)
        XCTAssertEqual(Quantity.size("4096"), 4096)
        XCTAssertEqual(Quantity.size("64B"), 64)
        XCTAssertEqual(Quantity.size("1.5GiB"), 3 << 29)
        XCTAssertEqual(Quantity.size("10kB"), 10_000)
        XCTAssertNil(Quantity.size("big"))
        XCTAssertNil(Quantity.size("-1MiB"))
    }

    func testKeyPattern() {
        XCTAssertEqual(KeyPattern("key:%08d")?.key(7), "key:00000007")
        XCTAssertEqual(KeyPattern("u%x")?.key(255), "uff")
        XCTAssertEqual(KeyPattern("%d-doc")?.key(12), "12-doc")
        XCTAssertNil(KeyPattern("no-conversion"))
        XCTAssertNil(KeyPattern("%d%d"))
        XCTAssertNil(KeyPattern("%s"))
    }
}
