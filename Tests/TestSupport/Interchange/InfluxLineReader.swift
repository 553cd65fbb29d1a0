import Foundation

/// A strict reader of InfluxDB line protocol, written from InfluxData's reference ("Line
/// protocol"): `measurement[,tag=value…] field=value[,field=value…] [timestamp]`, commas and
/// spaces escaped in the measurement, commas, equals signs and spaces in tag keys, tag values and
/// field keys; field values are floats, integers (`i`), unsigned integers (`u`), double-quoted
/// strings (`\"` and `\\` escaped) or booleans; the timestamp an integer. Comment lines start
/// with `#`. Anything else is an error naming the line.
public enum InfluxLineReader {
    public enum Field: Equatable {
        case float(Double)
        case integer(Int64)
        case unsigned(UInt64)
        case string(String)
        case boolean(Bool)
    }

    public struct Point: Equatable {
        public var measurement: String
        public var tags: [String: String]
        public var fields: [String: Field]
        public var timestamp: Int64?
    }

    public struct Malformed: Error, CustomStringConvertible {
        public var description: String
    }

    public static func read(_ text: String) throws -> [Point] {
        var points: [Point] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            do {
                points.append(try point(Array(line.unicodeScalars)))
            } catch let error as Malformed {
                throw Malformed(description: "line \(number + 1): \(error.description): \(line)")
            }
        }
        return points
    }

    private static func point(_ line: [Unicode.Scalar]) throws -> Point {
        var position = 0
        let (measurement, afterMeasurement) = try token(line, &position, stops: [",", " "], escapable: [",", " "])
        guard !measurement.isEmpty else { throw Malformed(description: "no measurement") }
        var tags: [String: String] = [:]
        var stop = afterMeasurement
        while stop == "," {
            let (key, equals) = try token(line, &position, stops: ["="], escapable: [",", "=", " "])
            guard equals == "=", !key.isEmpty else { throw Malformed(description: "a tag without key=value") }
            let (value, next) = try token(line, &position, stops: [",", " "], escapable: [",", "=", " "])
            guard !value.isEmpty else { throw Malformed(description: "tag \(key) has an empty value") }
            guard tags.updateValue(value, forKey: key) == nil else { throw Malformed(description: "tag \(key) twice") }
            stop = next
        }
        guard stop == " " else { throw Malformed(description: "no fields") }
        var fields: [String: Field] = [:]
        repeat {
            let (key, equals) = try token(line, &position, stops: ["="], escapable: [",", "=", " "])
            guard equals == "=", !key.isEmpty else { throw Malformed(description: "a field without key=value") }
            let (value, next) = try fieldValue(line, &position)
            guard fields.updateValue(value, forKey: key) == nil else { throw Malformed(description: "field \(key) twice") }
            stop = next
        } while stop == ","
        var timestamp: Int64?
        if stop == " " {
            let digits = String(String.UnicodeScalarView(line[position...]))
            guard let value = Int64(digits) else { throw Malformed(description: "timestamp '\(digits)' is not an integer") }
            timestamp = value
        } else if stop != nil {
            throw Malformed(description: "unexpected '\(stop!)' after the fields")
        }
        return Point(measurement: measurement, tags: tags, fields: fields, timestamp: timestamp)
    }

    /// Reads up to an unescaped stop character (returned, nil at the end of the line).
    private static func token(_ line: [Unicode.Scalar], _ position: inout Int, stops: Set<Unicode.Scalar>,
                              escapable: Set<Unicode.Scalar>) throws -> (String, Unicode.Scalar?) {
        var text = String.UnicodeScalarView()
        while position < line.count {
            let scalar = line[position]
            position += 1
            if scalar == "\\", position < line.count, escapable.contains(line[position]) {
                text.append(line[position])
                position += 1
            } else if stops.contains(scalar) {
                return (String(text), scalar)
            } else if escapable.contains(scalar) {
                throw Malformed(description: "an unescaped '\(scalar)' in '\(String(text))'")
            } else {
                text.append(scalar)
            }
        }
        return (String(text), nil)
    }

    private static func fieldValue(_ line: [Unicode.Scalar], _ position: inout Int) throws -> (Field, Unicode.Scalar?) {
        if position < line.count, line[position] == "\"" {
            position += 1
            var text = String.UnicodeScalarView()
            while position < line.count, line[position] != "\"" {
                if line[position] == "\\", position + 1 < line.count, ["\"", "\\"].contains(line[position + 1]) { position += 1 }
                text.append(line[position])
                position += 1
            }
            guard position < line.count else { throw Malformed(description: "an unterminated string field") }
            position += 1
            let stop = position < line.count ? line[position] : nil
            if stop != nil { position += 1 }
            return (.string(String(text)), stop)
        }
        var raw = String.UnicodeScalarView()
        while position < line.count, line[position] != ",", line[position] != " " {
            raw.append(line[position])
            position += 1
        }
        let stop = position < line.count ? line[position] : nil
        if stop != nil { position += 1 }
        return (try scalar(String(raw)), stop)
    }

    private static func scalar(_ raw: String) throws -> Field {
        if ["t", "T", "true", "True", "TRUE"].contains(raw) { return .boolean(true) }
        if ["f", "F", "false", "False", "FALSE"].contains(raw) { return .boolean(false) }
        if raw.hasSuffix("i"), let value = Int64(raw.dropLast()) { return .integer(value) }
        if raw.hasSuffix("u"), let value = UInt64(raw.dropLast()) { return .unsigned(value) }
        // Floats as the reference spells them: digits, an optional fraction, an optional exponent.
        let float = #/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/#
        guard raw.wholeMatch(of: float) != nil, let value = Double(raw) else { throw Malformed(description: "field value '\(raw)'") }
        return .float(value)
    }
}
