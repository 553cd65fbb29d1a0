import Foundation

/// Strict readers of the JSON interchange formats, each checking what its consumer requires.
/// They decode with `JSONDecoder` into typed fields, so a string or a boolean where a number
/// belongs is an error, and unknown keys are refused where the format has none.
public enum JSONFormatReaders {
    public struct Malformed: Error, CustomStringConvertible {
        public var description: String
    }

    /// One Bencher metric: `value` and the optional bounds, nothing else.
    public struct Measure: Decodable, Equatable {
        public var value: Double
        public var lower: Double?
        public var upper: Double?

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            let unknown = container.allKeys.map(\.stringValue).filter { !["value", "lower_value", "upper_value"].contains($0) }
            guard unknown.isEmpty else { throw Malformed(description: "BMF: unknown keys \(unknown)") }
            value = try container.decode(Double.self, forKey: Key(stringValue: "value"))
            lower = try container.decodeIfPresent(Double.self, forKey: Key(stringValue: "lower_value"))
            upper = try container.decodeIfPresent(Double.self, forKey: Key(stringValue: "upper_value"))
        }
    }

    /// Bencher Metric Format, by its published JSON schema (bencher.dev/bmf.json): an object of
    /// benchmarks, each an object of measures, each an object with a number `value` and optional
    /// numbers `lower_value` and `upper_value`; and by its reference page's limits: a benchmark
    /// name of 1 to 1024 characters, a measure name of 1 to 64.
    public static func bencher(_ text: String) throws -> [String: [String: Measure]] {
        let benchmarks = try JSONDecoder().decode([String: [String: Measure]].self, from: Data(text.utf8))
        for (benchmark, measures) in benchmarks {
            guard (1...1024).contains(benchmark.count), !measures.isEmpty else { throw Malformed(description: "BMF: benchmark '\(benchmark)'") }
            if let long = measures.keys.first(where: { !(1...64).contains($0.count) }) {
                throw Malformed(description: "BMF: measure name '\(long)' is not 1 to 64 characters")
            }
        }
        return benchmarks
    }

    /// One entry of github-action-benchmark's custom tools.
    public struct Bench: Decodable, Equatable {
        public var name: String
        public var unit: String
        public var value: Double
        public var range: String?
        public var extra: String?
    }

    /// github-action-benchmark's custom tools (`customBiggerIsBetter`, `customSmallerIsBetter`),
    /// as its extractor reads them (src/extract.ts, `BenchmarkResult`): an array of objects with
    /// a string `name`, a string `unit`, a number `value` and optional strings `range` and `extra`.
    public static func githubActionBenchmark(_ text: String) throws -> [Bench] {
        let benches = try JSONDecoder().decode([Bench].self, from: Data(text.utf8))
        if let unnamed = benches.first(where: { $0.name.isEmpty }) { throw Malformed(description: "github-action-benchmark: an empty name: \(unnamed)") }
        return benches
    }
}
