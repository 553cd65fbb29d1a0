import Foundation
import Workload
import XCTest

final class SchemaTests: XCTestCase {
    static let base = """
    version: 1
    name: schema
    x-common: &common {workers: 2}
    engine: {quota: 128MiB, vbuckets: 8}
    dataset:
      items: 1000
      key: {pattern: "user%06d", order: hashed}
      value: {size: {weighted: {256: 70, 4KiB: 30}}, compressibility: 50%}
      ttl: 1h
    phases:
      - load: *common
      - mutate: {mix: {set: 50, get: 50}, keys: {dist: hotspot, hot_data: 10%, hot_ops: 90%}, ops: 10k, workers: 2}
    """

    private func error(_ text: String) -> WorkloadError? {
        do throws(WorkloadError) {
            _ = try WorkloadParser.parse(text, file: "s.yaml")
            return nil
        } catch {
            return error
        }
    }

    func testFullSchemaParses() throws {
        let workload = try WorkloadParser.parse(Self.base, file: "s.yaml")
        XCTAssertEqual(workload.dataset.keyOrder, .hashed)
        XCTAssertEqual(workload.dataset.valueSize, .weighted([.init(size: 256, weight: 70), .init(size: 4096, weight: 30)]))
        XCTAssertEqual(workload.dataset.compressibility, 0.5)
        XCTAssertEqual(workload.dataset.ttl, 3600)
        XCTAssertEqual(workload.phases[0], .load(.load(.init(workers: 2))), "x- anchors are reusable")
        guard case .load(.mutate(let mutate)) = workload.phases[1] else { return XCTFail("mutate") }
        XCTAssertEqual(mutate.keys, .hotspot(hotData: 0.1, hotOps: 0.9))
        var random = RandomSource(seed: 1)
        let sizes = (0..<10_000).map { _ in workload.dataset.valueSize.next(&random) }
        XCTAssertEqual(Double(sizes.filter { $0 == 256 }.count) / 10_000, 0.7, accuracy: 0.02)
        XCTAssertEqual(try WorkloadParser.parse(Self.base.replacingOccurrences(of: "{weighted: {256: 70, 4KiB: 30}}", with: "{uniform: [64B, 1KiB]}"),
                                                file: "s.yaml").dataset.valueSize, .uniform(64, 1024))
    }

    /// Distinct kinds of bad input, each with its exact location and path.
    func testErrorsAreLocated() {
        let cases: [(String, String, Int, Int, String)] = [
            ("items: 1000", "items: many", 6, 10, "dataset.items"),
            ("quota: 128MiB", "quota: 1KiB", 4, 17, "engine.quota"),
            ("vbuckets: 8}", "vbuckets: 0}", 4, 35, "engine.vbuckets"),
            ("order: hashed", "order: sorted", 7, 37, "dataset.key.order"),
            ("256: 70, 4KiB: 30", "256: 70, 4KiB: 20", 8, 28, "dataset.value.size.weighted"),
            ("compressibility: 50%", "compressibility: 150%", 8, 67, "dataset.value.compressibility"),
            ("ttl: 1h", "ttl: forever", 9, 8, "dataset.ttl"),
            ("dist: hotspot", "dist: hotpot", 12, 52, "phases[1].mutate.keys.dist"),
            ("hot_ops: 90%", "hot_ops: 190%", 12, 85, "phases[1].mutate.keys.hot_ops"),
            ("{set: 50, get: 50}", "{set: 50, get: 40}", 12, 19, "phases[1].mutate.mix"),
            ("ops: 10k", "ops: -3", 12, 96, "phases[1].mutate.ops"),
            ("ops: 10k, workers: 2}", "ops: 10k, workers: 999}", 12, 110, "phases[1].mutate.workers"),
            ("- load: *common", "- lode: *common", 11, 5, "phases[0]"),
            ("name: schema", "name: \"bad name!\"", 2, 7, "name"),
            ("version: 1", "version: 7", 1, 10, "version"),
            ("engine: {", "engine: {quotta: 1GiB, ", 4, 10, "engine.quotta"),
            ("pattern: \"user%06d\"", "pattern: \"user\"", 7, 18, "dataset.key.pattern"),
        ]
        for (find, replace, line, column, path) in cases {
            let text = Self.base.replacingOccurrences(of: find, with: replace)
            XCTAssertNotEqual(text, Self.base, "case \(path) did not change the text")
            let error = self.error(text)
            XCTAssertEqual(error?.path, path, "\(replace): \(String(describing: error))")
            XCTAssertEqual(error?.line, line, "\(replace): \(String(describing: error))")
            XCTAssertEqual(error?.column, column, "\(replace): \(String(describing: error))")
        }
    }

    /// Random deletions, duplications and type swaps of the shipped workloads: every case is
    /// either valid or a located error, never a crash.
    func testFuzzedWorkloadsNeverCrash() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("workloads")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertFalse(files.isEmpty)
        var random = RandomSource(seed: 99)
        var valid = 0, invalid = 0
        let replacements = ["[]", "{}", "-1", "lots", "0", "\"\"", "1e99", "true", "{a: b}", "null", "&x 1", "*x",
                            "9223372036854775807", "5e18", "1e30s", "10000000000s", "999999TiB", "\"%09999999999999d\"", "nan", "inf",
                            "-0", "1e-300s", "18446744073709551616", "0.0000001", "4294967296s", "1.5"]
        for index in 0..<10_000 {
            let file = files[index % files.count]
            var lines = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8).components(separatedBy: "\n")
            let line = Int(random.next() % UInt64(lines.count))
            switch random.next() % 4 {
            case 0: lines.remove(at: line)
            case 1: lines.insert(lines[line], at: line)
            case 2:
                if let colon = lines[line].firstIndex(of: ":") {
                    lines[line] = String(lines[line][...colon]) + " " + replacements[Int(random.next() % UInt64(replacements.count))]
                }
            default:
                var characters = Array(lines[line])
                if !characters.isEmpty { characters.remove(at: Int(random.next() % UInt64(characters.count))) }
                lines[line] = String(characters)
            }
            do throws(WorkloadError) {
                let workload = try WorkloadParser.parse(lines.joined(separator: "\n"), file: directory.appendingPathComponent(file).path)
                assertWithinLimits(workload)
                valid += 1
            } catch {
                XCTAssertGreaterThanOrEqual(error.line, 1)
                XCTAssertFalse(error.message.isEmpty)
                invalid += 1
            }
        }
        XCTAssertEqual(valid + invalid, 10_000)
        XCTAssertGreaterThan(invalid, 1000)
    }

    /// What `validate` accepts stays inside the documented limits, so the runner can honour it.
    private func assertWithinLimits(_ workload: Workload) {
        XCTAssertTrue(Limits.repetitions.contains(workload.repetitions.count))
        XCTAssertTrue(Limits.warmup.contains(workload.repetitions.warmup))
        XCTAssertTrue(Limits.items.contains(workload.dataset.items))
        XCTAssertLessThanOrEqual(Double(workload.dataset.ttl), Limits.ttl.upperBound)
        XCTAssertTrue(Limits.sampleInterval.contains(workload.sampleInterval))
        XCTAssertTrue(Limits.quota.contains(workload.engine.quota))
        XCTAssertLessThanOrEqual(workload.dataset.keyPattern.maximumLength(below: workload.dataset.items), Limits.keyBytes)
        XCTAssertLessThanOrEqual(workload.dataset.valueSize.maximum, Limits.valueBytes)
        XCTAssertLessThanOrEqual(workload.name.utf8.count, Limits.nameBytes)
    }
}
