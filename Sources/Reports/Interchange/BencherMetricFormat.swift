import Foundation
import Results

/// Bencher Metric Format (bencher.dev/docs/reference/bencher-metric-format): an object of
/// benchmarks (`<workload>/<metric>`), each an object of measures holding `value`, `lower_value`
/// and `upper_value`. The measure is the metric's unit as a slug (`bytes`, `seconds`,
/// `operations-per-second`): a Bencher measure is a kind of quantity in one unit, and the metric
/// already names the benchmark. The value is the median, the bounds its 95% interval.
public struct BencherMetricFormat: InterchangeFormat {
    public init() {}

    public func render(_ rows: [ExportRow]) -> String {
        var benchmarks: [(String, String)] = []
        for row in rows {
            let measure = "{\"value\":\(InterchangeFormats.number(row.median)),\"lower_value\":\(InterchangeFormats.number(row.lower)),"
                + "\"upper_value\":\(InterchangeFormats.number(row.upper))}"
            benchmarks.append((row.benchmark, "{\(JSONText.string(Self.measure(row.unit))):\(measure)}"))
        }
        let members = benchmarks.map { "  \(JSONText.string($0.0)): \($0.1)" }
        return "{\n" + members.joined(separator: ",\n") + "\n}\n"
    }

    /// The unit as a Bencher measure slug: lower-case letters, digits and `-`.
    static func measure(_ unit: String) -> String {
        switch unit {
        case "us": "microseconds"
        case "ns": "nanoseconds"
        default: unit.replacingOccurrences(of: "ops/s", with: "operations-per-second").replacingOccurrences(of: "/s", with: "-per-second")
        }
    }
}

/// JSON string literals, escaped as RFC 8259 requires.
enum JSONText {
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
