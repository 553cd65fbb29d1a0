import Foundation
@testable import Reports
@_spi(Testing) import Results
import TestSupport
import XCTest

/// Every export format read back by a strict reader of that format (Tests/TestSupport/Interchange),
/// first checked against examples shaped as each format's documentation gives them, then against
/// what kvbench writes: every figure must come back exactly.
final class InterchangeTests: XCTestCase {
    /// A run whose names need every escape the formats have.
    static func rows() -> [ExportRow] {
        var synthetic = SyntheticRun(workload: "tiny-expel", stream: 3)
        synthetic.metrics = 9
        synthetic.repetitions = 7
        synthetic.metadata.branch = "feature/a b=c,\"d\"\\e"
        synthetic.metadata.timestamp = "2026-03-01T12:00:00Z"
        synthetic.metadata.commit = "0123456789abcdef0123456789abcdef01234567"
        return ExportRow.rows(synthetic.make())
    }

    func testReadersAcceptDocumentedExamplesAndRefuseBrokenOnes() throws {
        let influx = """
        # a comment line
        myMeasurement,tag1=value1,tag2=value2 fieldKey="fieldValue" 1556813561098000000
        weather,location=us-midwest temperature=82,humidity=71i 1465839830100400200
        my\\ measure,tag\\ key=tag\\,value field\\=key=1.5e-3,flag=true,text="say \\"hi\\" \\\\ bye"
        """
        let points = try InfluxLineReader.read(influx)
        XCTAssertEqual(points.count, 3)
        XCTAssertEqual(points[2].measurement, "my measure")
        XCTAssertEqual(points[2].tags, ["tag key": "tag,value"])
        XCTAssertEqual(points[2].fields["field=key"], .float(0.0015))
        XCTAssertEqual(points[2].fields["text"], .string("say \"hi\" \\ bye"))
        XCTAssertEqual(points[1].fields["humidity"], .integer(71))
        for broken in ["measurement", "m field=", "m field=1.2.3", "m,tag= field=1", "m field=1 12a", "m,t=a=b f=1", "m f=\"open"] {
            XCTAssertThrowsError(try InfluxLineReader.read(broken), broken)
        }

        let openMetrics = """
        # TYPE acme_http_router_request_seconds summary
        # UNIT acme_http_router_request_seconds seconds
        # HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.
        acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32
        acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0
        # TYPE go_goroutines gauge
        go_goroutines 69
        # TYPE process_cpu_seconds counter
        # UNIT process_cpu_seconds seconds
        process_cpu_seconds_total 4.20072246e+06
        # EOF

        """
        let families = try OpenMetricsReader.read(openMetrics)
        XCTAssertEqual(families.map(\.name), ["acme_http_router_request_seconds", "go_goroutines", "process_cpu_seconds"])
        XCTAssertEqual(families[2].samples.first?.value, 4.20072246e+06)
        let brokenOpenMetrics = [
            "# TYPE a gauge\na 1\n",                                   // no # EOF
            "# TYPE a gauge\na{x=\"1\"} 1\na{x=\"1\"} 2\n# EOF\n",      // a label set twice
            "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n# EOF\n",  // interleaved
            "# TYPE a_bytes gauge\n# UNIT a_bytes seconds\na_bytes 1\n# EOF\n",  // unit not the suffix
            "# TYPE a gauge\na{x=\"\\t\"} 1\n# EOF\n",                 // a bad escape
            "# TYPE a gauge\na 1,5\n# EOF\n",                         // not a number
            "# TYPE a counter\na 1\n# EOF\n",                         // a counter's sample without _total
        ]
        for broken in brokenOpenMetrics { XCTAssertThrowsError(try OpenMetricsReader.read(broken), broken) }

        let bencher = """
        {"benchmark_name": {"latency": {"value": 88.0, "lower_value": 87.42, "upper_value": 88.88},
                            "throughput": {"value": 5.55, "lower_value": 3.14, "upper_value": 6.30}},
         "/bin/sh -c ./my_build_script.sh": {"build-time": {"value": 87.0}}}
        """
        XCTAssertEqual(try JSONFormatReaders.bencher(bencher)["benchmark_name"]?["latency"]?.upper, 88.88)
        for broken in ["[]", #"{"b": {"m": {"lower_value": 1}}}"#, #"{"b": {"m": {"value": "1"}}}"#, #"{"b": {"m": {"value": 1, "extra": 2}}}"#,
                       #"{"b": {}}"#, "{\"b\": {\"\(String(repeating: "m", count: 65))\": {\"value\": 1}}}"] {
            XCTAssertThrowsError(try JSONFormatReaders.bencher(broken), broken)
        }

        let gab = """
        [{"name": "My Custom Smaller Is Better Benchmark - CPU Load", "unit": "Percent", "value": 50},
         {"name": "My Custom Smaller Is Better Benchmark - Memory Used", "unit": "Megabytes", "value": 100, "range": "3",
          "extra": "Value for Tooltip: 25\\nOptional Num #2: 100\\nAnything Else!"}]
        """
        XCTAssertEqual(try JSONFormatReaders.githubActionBenchmark(gab).map(\.value), [50, 100])
        for broken in [#"{"name": "a"}"#, #"[{"name": "a", "unit": "u"}]"#, #"[{"name": "a", "unit": "u", "value": "1"}]"#,
                       #"[{"name": "a", "unit": "u", "value": 1, "range": 3}]"#] {
            XCTAssertThrowsError(try JSONFormatReaders.githubActionBenchmark(broken), broken)
        }
    }

    func testBencherMetricFormatRoundTrips() throws {
        let rows = Self.rows()
        let read = try JSONFormatReaders.bencher(BencherMetricFormat().render(rows))
        XCTAssertEqual(read.count, rows.count)
        for row in rows {
            let measure = try XCTUnwrap(read[row.benchmark]?[BencherMetricFormat.measure(row.unit)], row.benchmark)
            XCTAssertEqual([measure.value, measure.lower, measure.upper], [row.median, row.lower, row.upper])
            XCTAssertLessThanOrEqual(row.lower, row.median)
            XCTAssertLessThanOrEqual(row.median, row.upper)
            XCTAssertGreaterThanOrEqual(row.coverage, 0.95, "seven repetitions reach a 95% interval of the median")
        }
    }

    func testGitHubActionBenchmarkRoundTripsOneDirectionPerFile() throws {
        let rows = Self.rows()
        for direction in [Direction.higherIsBetter, .lowerIsBetter] {
            let benches = try JSONFormatReaders.githubActionBenchmark(GitHubActionBenchmark(direction: direction).render(rows))
            let expected = rows.filter { $0.direction == direction }
            XCTAssertFalse(expected.isEmpty)
            XCTAssertEqual(benches.map(\.name), expected.map(\.benchmark))
            XCTAssertEqual(benches.map(\.value), expected.map(\.median))
            XCTAssertEqual(benches.map(\.unit), expected.map(\.unit))
            XCTAssertTrue(benches.allSatisfy { $0.range?.hasPrefix("± ") == true }, "\(benches)")
        }
    }

    func testInfluxLineProtocolRoundTrips() throws {
        let rows = Self.rows()
        let points = try InfluxLineReader.read(InfluxLineProtocol().render(rows))
        XCTAssertEqual(points.count, rows.count)
        for (point, row) in zip(points, rows) {
            XCTAssertEqual(point.measurement, "kvbench")
            XCTAssertEqual(point.tags["branch"], row.branch, "escaped and read back")
            XCTAssertEqual(point.tags["metric"], row.metric)
            XCTAssertEqual(point.tags["workload"], row.workload)
            XCTAssertEqual(point.tags["host"], row.host)
            for (field, value) in [("median", row.median), ("lower", row.lower), ("upper", row.upper), ("min", row.min), ("max", row.max),
                                   ("mean", row.mean), ("stddev", row.stddev)] {
                XCTAssertEqual(point.fields[field], .float(value), field)
            }
            XCTAssertEqual(point.fields["repetitions"], .integer(7))
            XCTAssertEqual(point.timestamp, 1_772_366_400_000_000_000)
        }
    }

    func testOpenMetricsRoundTrips() throws {
        let rows = Self.rows()
        let families = try OpenMetricsReader.read(OpenMetricsText().render(rows))
        XCTAssertEqual(Set(families.map(\.name)), ["kvbench_bytes", "kvbench_operations_per_second", "kvbench_seconds"])
        XCTAssertTrue(families.allSatisfy { $0.type == "gauge" && $0.unit != nil && $0.help != nil })
        let samples = families.flatMap(\.samples)
        XCTAssertEqual(samples.count, rows.count * 7)
        for row in rows {
            let mine = samples.filter { $0.labels["metric"] == row.metric && $0.labels["workload"] == row.workload }
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: mine.map { ($0.labels["statistic"]!, $0.value) }),
                           ["median": row.median, "lower": row.lower, "upper": row.upper, "min": row.min, "max": row.max, "mean": row.mean,
                            "stddev": row.stddev])
            XCTAssertTrue(mine.allSatisfy { $0.labels["branch"] == row.branch && $0.labels["commit"] == row.commit })
        }
    }

    func testKVBenchJSONRoundTrips() throws {
        struct Document: Decodable {
            struct Row: Decodable, Equatable {
                var workload, metric, unit, direction, commit, branch, timestamp, host, hostname, machine, allocator: String
                var dirty: Bool
                var repetitions: Int
                var median, mean, stddev, min, max, lower, upper, coverage: Double
            }
            var kvbench_export: Int
            var results: [Row]
        }
        let rows = Self.rows()
        let document = try JSONDecoder().decode(Document.self, from: Data(JSONExport().render(rows).utf8))
        XCTAssertEqual(document.kvbench_export, JSONExport.version)
        XCTAssertEqual(document.results, rows.map {
            Document.Row(workload: $0.workload, metric: $0.metric, unit: $0.unit, direction: $0.direction.rawValue, commit: $0.commit, branch: $0.branch,
                         timestamp: $0.timestamp, host: $0.host, hostname: $0.hostname, machine: $0.machine, allocator: $0.allocator, dirty: $0.dirty,
                         repetitions: $0.repetitions, median: $0.median, mean: $0.mean, stddev: $0.stddev, min: $0.min, max: $0.max, lower: $0.lower,
                         upper: $0.upper, coverage: $0.coverage)
        })
    }

    /// The median's interval: the whole range up to five values (its coverage said), then the
    /// narrowest pair of order statistics that still covers 95%.
    func testMedianInterval() throws {
        let five = try XCTUnwrap(MedianInterval([5, 1, 4, 2, 3]))
        XCTAssertEqual([five.lower, five.upper], [1, 5])
        XCTAssertEqual(five.coverage, 0.9375, accuracy: 1e-12)
        let ten = try XCTUnwrap(MedianInterval((1...10).map(Double.init)))
        XCTAssertEqual([ten.lower, ten.upper], [2, 9])
        XCTAssertEqual(ten.coverage, 1 - 2.0 * 11 / 1024, accuracy: 1e-12)
        XCTAssertEqual(MedianInterval([7])?.lower, 7)
        XCTAssertNil(MedianInterval([]))
    }
}
