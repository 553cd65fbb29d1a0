import Foundation
import Results

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

    /// Scans UTF-8 bytes, not Characters: a time series has millions of fields. Text starting
    /// like a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'` so a spreadsheet shows it
    /// instead of evaluating it; numbers (`-0.5`) are left alone.
    static func quote(_ field: String) -> String {
        var field = field
        if let first = field.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 9, 13].contains(first),
           Double(field) == nil {
            field = "'" + field
        }
        guard field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 13 || $0 == 10 }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func number(_ value: Double) -> String { NumberText.plain(value) }
}
