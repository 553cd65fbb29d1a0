import Foundation

/// A strict reader of the OpenMetrics text format, written from its specification
/// (openmetrics.io, "OpenMetrics 1.0"): metric families as `# TYPE`, `# UNIT` and `# HELP` lines
/// followed by their samples, no family interleaved with another or seen twice, sample names
/// the family's name plus the suffixes its type allows, label names `[a-zA-Z_][a-zA-Z0-9_]*`,
/// label values escaped (`\\`, `\"`, `\n` only), no label set twice in a family, a unit being the
/// family name's suffix, and `# EOF` as the last line. Anything else is an error naming the line.
public enum OpenMetricsReader {
    public struct Sample: Equatable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    public struct Family: Equatable {
        public var name: String
        public var type: String
        public var unit: String?
        public var help: String?
        public var samples: [Sample] = []
    }

    public struct Malformed: Error, CustomStringConvertible {
        public var description: String
    }

    static let suffixes: [String: [String]] = [
        "counter": ["_total", "_created"], "gauge": [""], "unknown": [""], "stateset": [""], "info": ["_info"],
        "summary": ["", "_sum", "_count", "_created"], "histogram": ["_bucket", "_sum", "_count", "_created"],
        "gaugehistogram": ["_bucket", "_gsum", "_gcount"],
    ]

    public static func read(_ text: String) throws -> [Family] {
        guard text.hasSuffix("# EOF\n") || text.hasSuffix("# EOF") else { throw Malformed(description: "does not end with # EOF") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.removeLast() == "# EOF" else { throw Malformed(description: "does not end with # EOF") }
        var families: [Family] = []
        var seen = Set<String>()
        var labelSets = Set<String>()
        for (number, line) in lines.enumerated() {
            func fail(_ message: String) -> Malformed { Malformed(description: "line \(number + 1): \(message): \(line)") }
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
                guard parts.count >= 3, parts[0] == "#", isMetricName(parts[2]) else { throw fail("a malformed descriptor") }
                if families.last?.name != parts[2] {
                    guard seen.insert(parts[2]).inserted else { throw fail("family \(parts[2]) seen before (interleaved)") }
                    families.append(Family(name: parts[2], type: "unknown"))
                    labelSets = []
                }
                guard families[families.count - 1].samples.isEmpty else { throw fail("metadata after samples") }
                let argument = parts.count == 4 ? parts[3] : ""
                switch parts[1] {
                case "TYPE":
                    guard suffixes[argument] != nil else { throw fail("unknown type '\(argument)'") }
                    families[families.count - 1].type = argument
                case "UNIT":
                    guard !argument.isEmpty, parts[2].hasSuffix("_" + argument) else { throw fail("the unit is not the name's suffix") }
                    families[families.count - 1].unit = argument
                case "HELP":
                    families[families.count - 1].help = try unescape(argument, line: line)
                default:
                    throw fail("unknown descriptor \(parts[1])")
                }
                continue
            }
            let sample: Sample
            do { sample = try self.sample(line) } catch let error as Malformed { throw fail(error.description) }
            guard var family = families.last, let allowed = suffixes[family.type],
                  allowed.contains(where: { family.name + $0 == sample.name }) else {
                // A sample without metadata starts a family of type unknown, which must be new.
                guard seen.insert(sample.name).inserted else { throw fail("a sample outside its family") }
                families.append(Family(name: sample.name, type: "unknown", samples: [sample]))
                labelSets = [sample.name + sample.labels.sorted { $0.key < $1.key }.description]
                continue
            }
            guard labelSets.insert(sample.name + sample.labels.sorted { $0.key < $1.key }.description).inserted else {
                throw fail("a label set seen twice in the family")
            }
            family.samples.append(sample)
            families[families.count - 1] = family
        }
        return families
    }

    static func isMetricName(_ name: String) -> Bool {
        name.wholeMatch(of: #/[a-zA-Z_:][a-zA-Z0-9_:]*/#) != nil
    }

    private static func sample(_ line: String) throws -> Sample {
        var scalars = Array(line.unicodeScalars)[...]
        var name = ""
        while let first = scalars.first, first != "{", first != " " { name.unicodeScalars.append(scalars.removeFirst()) }
        guard isMetricName(name) else { throw Malformed(description: "metric name '\(name)'") }
        var labels: [String: String] = [:]
        if scalars.first == "{" {
            scalars.removeFirst()
            while scalars.first != "}" {
                var label = ""
                while let first = scalars.first, first != "=" { label.unicodeScalars.append(scalars.removeFirst()) }
                guard label.wholeMatch(of: #/[a-zA-Z_][a-zA-Z0-9_]*/#) != nil, scalars.popFirst() == "=", scalars.popFirst() == "\"" else {
                    throw Malformed(description: "label '\(label)'")
                }
                var value = ""
                while let next = scalars.popFirst(), next != "\"" {
                    if next == "\\" {
                        switch scalars.popFirst() {
                        case "\\": value += "\\"
                        case "\"": value += "\""
                        case "n": value += "\n"
                        default: throw Malformed(description: "a bad escape in label \(label)")
                        }
                    } else {
                        value.unicodeScalars.append(next)
                    }
                }
                guard labels.updateValue(value, forKey: label) == nil else { throw Malformed(description: "label \(label) twice") }
                if scalars.first == "," { scalars.removeFirst() } else if scalars.first != "}" { throw Malformed(description: "labels not separated by ','") }
            }
            scalars.removeFirst()
        }
        guard scalars.popFirst() == " " else { throw Malformed(description: "no space before the value") }
        let fields = String(String.UnicodeScalarView(scalars)).split(separator: " ", omittingEmptySubsequences: false)
        guard (1...2).contains(fields.count), let value = number(String(fields[0])) else { throw Malformed(description: "value '\(fields.first ?? "")'") }
        if fields.count == 2, number(String(fields[1])) == nil { throw Malformed(description: "timestamp '\(fields[1])'") }
        return Sample(name: name, labels: labels, value: value)
    }

    /// `realnumber` of the specification's ABNF, or `+Inf`, `-Inf`, `NaN`.
    static func number(_ text: String) -> Double? {
        switch text {
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        case "NaN": return .nan
        default:
            guard text.wholeMatch(of: #/[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?/#) != nil else { return nil }
            return Double(text)
        }
    }

    private static func unescape(_ text: String, line: String) throws -> String {
        var out = "", escaped = false
        for character in text {
            if escaped {
                switch character {
                case "\\": out += "\\"
                case "\"": out += "\""
                case "n": out += "\n"
                default: throw Malformed(description: "a bad escape in HELP: \(line)")
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
