import Foundation
import Workload
import XCTest

final class TraceReaderTests: XCTestCase {
    private func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trace-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testTwitterTraceHasFixedColumns() throws {
        let path = try file("100,k1,2,300,7,set,60\n101,k1,2,0,7,get,0\n103,k1,2,0,7,delete,0\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let operations = try TraceReader.read(path, format: .twitter)
        XCTAssertEqual(operations.map(\.kind), [.set, .get, .delete])
        XCTAssertEqual(operations[0].valueSize, 300)
        XCTAssertEqual(operations[0].ttl, 60)
        XCTAssertEqual(operations.map(\.time), [0, 1, 3])
    }

    func testCacheLibColumnsByHeaderNameAndBadRows() throws {
        let path = try file("key,op,size,op_count,op_time,ttl\nabc,SET_LEASE,10,3,5,0\nabc,GET_LEASE,0,1,6,0\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let operations = try TraceReader.read(path, format: .cachelib)
        XCTAssertEqual(operations.map(\.kind), [.set, .get])
        XCTAssertEqual(operations[0].count, 3)
        let bad = try file("key,op,size,op_count,op_time\nabc,INCR,1,1,1\n")
        defer { try? FileManager.default.removeItem(atPath: bad) }
        XCTAssertThrowsError(try TraceReader.read(bad, format: .cachelib)) { XCTAssertEqual("\($0)", "line 2: unknown operation 'INCR'") }
        let noHeader = try file("key,op,size\nabc,GET,1\n")
        defer { try? FileManager.default.removeItem(atPath: noHeader) }
        XCTAssertThrowsError(try TraceReader.read(noHeader, format: .cachelib)) { XCTAssertTrue("\($0)".contains("no 'op_time' column")) }
    }
}
