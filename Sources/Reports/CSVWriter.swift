import Foundation

/// RFC 4180 rows: fields with a comma, quote, CR or LF are quoted and quotes doubled; lines end
/// with CRLF. Numbers are plain decimals (no exponent) so any spreadsheet reads them.
struct CSVWriter {
    private(set) var text = ""

    mutating func row(_ fields: [String]) {
        text += fields.map(Self.quote).joined(separator: ",") + "\r\n"
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func number(_ value: Double) -> String { NumberText.plain(value) }
}

/// Plain decimal rendering shared by CSV, HTML and the runner's messages; stateless, any thread.
public enum NumberText {
    public static func plain(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
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
