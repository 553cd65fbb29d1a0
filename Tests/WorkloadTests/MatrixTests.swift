import Workload
import XCTest

/// `matrix:`, `${parameter}` substitution, `--set` overrides, `tags:` and time-boxed phases.
final class MatrixTests: XCTestCase {
    static let sweep = """
    version: 1
    name: sweep
    tags: [memory, sweep]
    matrix:
      value_size: [64B, 1KiB, 16KiB]
      expel: [true, false]
    engine:
      quota: 256MiB
      checkpoint:
        expel: ${expel}
    dataset:
      items: 1000
      key: {pattern: "key:%08d"}
      value:
        size: ${value_size}
    phases:
      - load: {workers: 1}
      - mutate: {duration: 2s}
    """

    private func all(_ text: String, overrides: [String] = []) throws -> (workloads: [Workload], errors: [WorkloadError]) {
        WorkloadParser.parseAll(text, file: "s.yaml", overrides: try overrides.map { text throws in try WorkloadOverride(parsing: text) })
    }

    func testAThreeByTwoMatrixIsSixWorkloadsNamedByTheirPoints() throws {
        let (workloads, errors) = try all(Self.sweep)
        XCTAssertEqual(errors, [])
        XCTAssertEqual(workloads.map(\.name), [
            "sweep@value_size=64B+expel=true", "sweep@value_size=64B+expel=false", "sweep@value_size=1KiB+expel=true",
            "sweep@value_size=1KiB+expel=false", "sweep@value_size=16KiB+expel=true", "sweep@value_size=16KiB+expel=false",
        ])
        XCTAssertEqual(workloads.map(\.dataset.valueSize), [.fixed(64), .fixed(64), .fixed(1024), .fixed(1024), .fixed(16384), .fixed(16384)])
        XCTAssertEqual(workloads.map(\.engine.checkpoint.expel), [true, false, true, false, true, false])
        XCTAssertEqual(Set(workloads.map(\.sweepName)), ["sweep"])
        XCTAssertEqual(workloads[3].matrixPoint?["value_size"], "1KiB")
        XCTAssertEqual(workloads[0].tags, ["memory", "sweep"])
        // The child reads one point of the same text.
        let point = try XCTUnwrap(workloads[3].matrixPoint)
        XCTAssertEqual(try WorkloadParser.parse(Self.sweep, file: "s.yaml", point: point), workloads[3])
    }

    func testExcludeRangesAndInterpolation() throws {
        let text = Self.sweep.replacingOccurrences(of: "  expel: [true, false]\n", with: """
          expel: [true, false]
          exclude:
            - {value_size: 16KiB, expel: false}
            - {value_size: 64B}

        """).replacingOccurrences(of: "name: sweep", with: "name: sweep-${value_size}")
        let (workloads, errors) = try all(text)
        XCTAssertEqual(errors, [])
        XCTAssertEqual(workloads.map(\.name), ["sweep-1KiB@value_size=1KiB+expel=true", "sweep-1KiB@value_size=1KiB+expel=false",
                                               "sweep-16KiB@value_size=16KiB+expel=true"])
        let ranged = Self.sweep.replacingOccurrences(of: "value_size: [64B, 1KiB, 16KiB]", with: "workers: {from: 1, to: 4, step: 1}")
            .replacingOccurrences(of: "size: ${value_size}", with: "size: 100B").replacingOccurrences(of: "load: {workers: 1}", with: "load: {workers: \"${workers}\"}")
        let points = try all(ranged)
        XCTAssertEqual(points.errors, [])
        XCTAssertEqual(points.workloads.count, 8)
        XCTAssertEqual(points.workloads.map { $0.matrixPoint!["workers"]! }, ["1", "1", "2", "2", "3", "3", "4", "4"])
    }

    func testAnErrorInOnePointNamesItsLocationAndParameters() throws {
        let text = Self.sweep.replacingOccurrences(of: "[64B, 1KiB, 16KiB]", with: "[64B, 1KiB, 30MiB]")
        let (workloads, errors) = try all(text)
        XCTAssertEqual(workloads.count, 4)
        XCTAssertEqual(errors.count, 2)
        XCTAssertEqual(errors[0].description,
                       "s.yaml:15:11: dataset.value.size: values are limited to 20MiB (memcached's item size limit) (matrix point value_size=30MiB, expel=true)")
        XCTAssertTrue(errors[1].description.hasSuffix("(matrix point value_size=30MiB, expel=false)"), errors[1].description)
    }

    func testMalformedMatricesAndReferencesAreLocated() throws {
        let cases: [(String, String, String)] = [
            ("value_size: [64B, 1KiB, 16KiB]", "value_size: [64B, 64B]", "s.yaml:5:21: matrix.value_size[1]: '64B' is listed twice"),
            ("value_size: [64B, 1KiB, 16KiB]", "value_size: []", "s.yaml:5:15: matrix.value_size: give at least one value"),
            ("value_size: [64B, 1KiB, 16KiB]", "Value-Size: [1]", "s.yaml:5:3: matrix.Value-Size: parameter names use ASCII letters"),
            ("size: ${value_size}", "size: ${valuesize}", "s.yaml:15:11: dataset.value.size: '${valuesize}' is not a matrix parameter (did you mean 'value_size'?)"),
            ("size: ${value_size}", "size: ${value_size", "s.yaml:15:11: dataset.value.size: '${' without a closing '}'"),
            ("  expel: [true, false]\n", "  expel: [true, false]\n  exclude: [{expel: maybe}]\n", "s.yaml:7:21: matrix.exclude[0].expel: 'maybe' is not one of expel's values"),
            ("  expel: [true, false]\n", "  expel: [true, false]\n  exclude: [{expel: true}, {expel: false}]\n", "matrix.exclude: excludes every point"),
        ]
        for (from, to, expected) in cases {
            let text = Self.sweep.replacingOccurrences(of: from, with: to)
            XCTAssertNotEqual(text, Self.sweep, to)
            let errors = try all(text).errors
            XCTAssertTrue(errors.contains { $0.description.contains(expected) }, "\(to): \(errors.map(\.description))")
        }
        let noMatrix = Self.sweep.replacingOccurrences(of: "matrix:\n  value_size: [64B, 1KiB, 16KiB]\n  expel: [true, false]\n", with: "")
        XCTAssertEqual(try all(noMatrix).errors.first?.description,
                       "s.yaml:7:12: engine.checkpoint.expel: '${expel}' refers to a matrix parameter, but the workload has no matrix")
    }

    func testOverridesReplaceAddOrRefuseWithTheirPath() throws {
        let plain = Self.sweep.replacingOccurrences(of: "${expel}", with: "true").replacingOccurrences(of: "${value_size}", with: "1KiB")
            .replacingOccurrences(of: "matrix:\n  value_size: [64B, 1KiB, 16KiB]\n  expel: [true, false]\n", with: "")
        let changed = try all(plain, overrides: ["engine.quota=128MiB", "phases[1].mutate.workers=3", "engine.vbuckets=8", "seed=9"])
        XCTAssertEqual(changed.errors, [])
        let workload = try XCTUnwrap(changed.workloads.first)
        XCTAssertEqual(workload.engine.quota, 128 << 20)
        XCTAssertEqual(workload.engine.vbuckets, 8)
        XCTAssertEqual(workload.seed, 9)
        XCTAssertEqual(workload.overrides.map(\.description), ["engine.quota=128MiB", "phases[1].mutate.workers=3", "engine.vbuckets=8", "seed=9"])
        guard case .load(.mutate(let mutate)) = workload.phases[1] else { return XCTFail("\(workload.phases[1])") }
        XCTAssertEqual(mutate.workers, 3)
        let refusals: [(String, String)] = [
            ("engine.quota=lots", "s.yaml:5:10: engine.quota: expected a size like 512MiB"),
            ("phases[7].load.workers=1", "s.yaml:14:3: phases[7].load.workers: --set phases[7].load.workers=1: the list has 2 elements, [7] is past its end"),
            ("engine=1", "engine: --set engine=1: replaces a single value; this is a mapping or a list"),
            ("nothere.x=1", "nothere.x: --set nothere.x=1: no key 'nothere' here"),
        ]
        for (override, expected) in refusals {
            let errors = try all(plain, overrides: [override]).errors
            XCTAssertTrue(errors.contains { $0.description.contains(expected) }, "\(override): \(errors.map(\.description))")
        }
        for malformed in ["engine.quota", "=1", "a..b=1", "phases[x]=1"] {
            XCTAssertThrowsError(try WorkloadOverride(parsing: malformed), malformed)
        }
    }

    func testTimeBoxedPhasesNeedOpsOrDuration() throws {
        let workload = try XCTUnwrap(try all(Self.sweep).workloads.first)
        guard case .load(.mutate(let mutate)) = workload.phases[1] else { return XCTFail("\(workload.phases[1])") }
        XCTAssertEqual(mutate.duration, 2)
        XCTAssertEqual(mutate.ops, Phase.Mutate.unbounded)
        guard case .load(.mutate(let quick)) = workload.quick().phases[1] else { return XCTFail("\(workload.quick().phases[1])") }
        XCTAssertEqual(quick.ops, Phase.Mutate.unbounded, "--quick leaves an unbounded phase unbounded")
        XCTAssertEqual(quick.duration, 1, "a tenth of the duration, not under a second")
        let neither = Self.sweep.replacingOccurrences(of: "mutate: {duration: 2s}", with: "mutate: {workers: 2}")
        XCTAssertTrue(try all(neither).errors.first?.description.contains("give ops (e.g. ops: 100k), duration (e.g. duration: 2s) or both") ?? false)
        let tags = Self.sweep.replacingOccurrences(of: "tags: [memory, sweep]", with: "tags: [Memory]")
        XCTAssertTrue(try all(tags).errors.first?.description.contains("tags[0]: tags use lower-case") ?? false)
    }
}

/// What an adversarial review found: grids that exclusion brings under the limit, values that
/// would share a directory, parameters nothing refers to, ramps longer than the phase.
final class MatrixLimitTests: XCTestCase {
    private func errors(_ text: String) -> [String] {
        WorkloadParser.parseAll(text, file: "s.yaml").errors.map(\.description)
    }

    private func sweep(_ matrix: String, value: String = "${a}") -> String {
        """
        version: 1
        name: s
        matrix:
        \(matrix)
        seed: \(value)
        dataset: {items: 1000}
        phases:
          - load: {workers: 1}
        """
    }

    func testExclusionCountsBeforeTheLimitAndPointsKeepTheirGridPosition() {
        let grid = sweep("  a: {from: 1, to: 16}\n  b: {from: 1, to: 17}\n  exclude: [{b: 17}]", value: "\"${a}${b}\"")
        let parsed = WorkloadParser.parseAll(grid, file: "s.yaml")
        XCTAssertEqual(parsed.errors, [])
        XCTAssertEqual(parsed.workloads.count, 256)
        let over = sweep("  a: {from: 1, to: 16}\n  b: {from: 1, to: 17}", value: "\"${a}${b}\"")
        XCTAssertTrue(errors(over).contains { $0.contains("the grid has 272 points, over 256; split it or exclude some") }, "\(errors(over).prefix(2))")
        let indices = WorkloadParser.parseAll(sweep("  a: [4, 2, 1]\n  exclude: [{a: 2}]"), file: "s.yaml").workloads.map { $0.matrixPoint!.index }
        XCTAssertEqual(indices, [0, 2])
    }

    func testValuesSharingADirectoryNameUnreferencedParametersAndLongRampsAreRefused() {
        XCTAssertTrue(errors(sweep("  a: [a/b, a_b]")).contains { $0.contains("s.yaml:4:3: matrix: a: 'a/b' and 'a_b' give the same result-set name 'a=a_b'") },
                      "\(errors(sweep("  a: [a/b, a_b]")))")
        XCTAssertTrue(errors(sweep("  a: {from: 0, to: 1e-7, step: 1e-9}")).contains { $0.contains("the step is too small for its values to print differently") })
        let unused = sweep("  a: [1, 2]\n  b: [x, y]")
        XCTAssertEqual(errors(unused), ["s.yaml:5:3: matrix.b: no ${b} refers to it, so every value would run the same workload"])
        let ramp = """
        version: 1
        name: r
        dataset: {items: 1000}
        phases:
          - mutate: {duration: 1s, rate: 1k/s, ramp: 2s}
        """
        XCTAssertTrue(errors(ramp).contains { $0.contains("phases[0].mutate.ramp: the ramp is longer than the phase's duration (1s)") }, "\(errors(ramp))")
        let flow = sweep("  a: [1, 2]").replacingOccurrences(of: "dataset: {items: 1000}", with: "dataset: {items: ${a}000}")
        XCTAssertTrue(errors(flow).first?.contains("must be quoted") ?? false, "\(errors(flow))")
    }
}
