import Foundation

/// RFC 4180 rows: fields with a comma, quote, CR or LF are quoted and quotes doubled; lines end
/// with CRLF. Numbers are plain decimals (no exponent) so any spreadsheet reads them.
struct CSVWriter {
    /// UTF-8 bytes rather than a String: appending to a string checks and updates its encoding
    /// flags on every append, half of writing a 10-repetition time series in a CPU profile.
    private var bytes: [UInt8] = []

    init() {}

    /// For large files: growing millions of rows piecemeal was a third of writing a
    /// 10-repetition time series (CPU profile).
    init(reservingCapacity count: Int) { bytes.reserveCapacity(count) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func row(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            append(Self.quote(field))
        }
        endRow()
    }

    /// A row whose leading fields were quoted and joined once for many rows, in two parts with
    /// their trailing commas (`1,0.1,load,` and `mem.used,`), then `last`: a time series has
    /// millions of rows, too many to build an array and quote the same fields again for each.
    mutating func row(quoted first: String, _ second: String, last: String) {
        append(first)
        append(second)
        append(Self.quote(last))
        endRow()
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func endRow() {
        bytes.append(13)
        bytes.append(10)
    }

    /// Scans UTF-8 bytes, not Characters: a time series has millions of fields.
    static func quote(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 13 || $0 == 10 }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func number(_ value: Double) -> String { NumberText.plain(value) }
}

/// Plain decimal rendering shared by CSV, HTML and the runner's messages; stateless, any thread.
public enum NumberText {
    /// At most six decimals, trailing zeros dropped. Integer arithmetic rather than
    /// `String(format:)`, which cost 60% of writing a 10-repetition time series (CPU profile).
    public static func plain(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        // Scaling by 1e6 errs by at most one part in 2^53; printf decides where that could
        // tip the rounding (near a tie) and beyond 1e9.
        let scaled = abs(value) * 1e6
        guard abs(value) < 1e9, abs(scaled - scaled.rounded(.down) - 0.5) > scaled * 1e-15 + 1e-9 else {
            var text = String(format: "%.6f", value)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            return text == "-0" ? "0" : text
        }
        let units = UInt64(scaled.rounded())
        var fraction = units % 1_000_000
        var text = (value < 0 && units > 0 ? "-" : "") + String(units / 1_000_000)
        guard fraction > 0 else { return text }
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let fractionText = String(fraction)
        text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        return text
    }

    /// `12.3 MiB`, `512 B`: for people, not files.
    static func bytes(_ value: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var scaled = value
        var unit = 0
        while abs(scaled) >= 1024, unit < units.count - 1 {
            scaled /= 1024
            unit += 1
        }
        return unit == 0 ? "\(Int64(scaled)) B" : String(format: "%.2f %@", scaled, units[unit])
    }

    static func human(_ value: Double, unit: String) -> String {
        switch unit {
        case "bytes": bytes(value)
        case "seconds": value < 1 ? String(format: "%.1f ms", value * 1000) : String(format: "%.3f s", value)
        case "ops/s", "items/s": String(format: "%.0f %@", value, unit)
        case "bytes/s": bytes(value) + "/s"
        case "us": String(format: "%.1f µs", value)
        default: plain(value)
        }
    }
}
