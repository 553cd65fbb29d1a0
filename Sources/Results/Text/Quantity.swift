import Foundation

/// Parsers for the human-friendly quantities workload files use. Each returns nil when the
/// text is not of its kind; the caller turns that into a located error.
public enum Quantity {
    /// Counts: `500000`, `1_000_000`, `500k`, `"2M"`, `1.5G` (decimal multipliers; result must be whole).
    public static func count(_ text: String) -> Int? {
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        let multipliers: [Character: Double] = ["k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "g": 1e9, "G": 1e9, "B": 1e9]
        var number = Substring(cleaned)
        var multiplier = 1.0
        if let last = number.last, let factor = multipliers[last] {
            multiplier = factor
            number = number.dropLast()
        }
        if multiplier == 1, let exact = Int(number), exact >= 0 { return exact }
        guard let value = Double(number), value >= 0, value.isFinite else { return nil }
        let scaled = value * multiplier
        guard scaled == scaled.rounded(), scaled < 9e18 else { return nil }
        return Int(scaled)
    }

    /// Sizes in bytes: `512MiB`, `1KiB`, `4096`, `64B`, `1.5GiB`, `10kB` (kB/MB/GB are decimal).
    public static func size(_ text: String) -> Int? {
        let cleaned = text.replacingOccurrences(of: "_", with: "").trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [
            ("KiB", 1024), ("MiB", 1_048_576), ("GiB", 1_073_741_824), ("TiB", 1_099_511_627_776),
            ("kB", 1e3), ("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12), ("B", 1),
        ]
        for (suffix, factor) in units where cleaned.hasSuffix(suffix) {
            let number = cleaned.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
            guard let value = Double(number), value >= 0, value.isFinite else { return nil }
            let bytes = (value * factor).rounded()
            return bytes < 9e18 ? Int(bytes) : nil
        }
        if let exact = Int(cleaned), exact >= 0 { return exact }
        return nil
    }

    /// Durations in seconds: `30s`, `100ms`, `2m`, `1h`, `0.5s`, `250us`.
    public static func duration(_ text: String) -> Double? {
        let cleaned = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ms", 1e-3), ("us", 1e-6), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in units where cleaned.hasSuffix(suffix) {
            guard let value = Double(cleaned.dropLast(suffix.count)), value >= 0, value.isFinite else { return nil }
            return value * factor
        }
        return nil
    }

    /// Byte rates: `5MiB/s`, `200KiB/s`, `1000/s` (bytes per second).
    public static func byteRate(_ text: String) -> Double? {
        let cleaned = text.trimmingCharacters(in: .whitespaces)
        guard cleaned.hasSuffix("/s"), let bytes = size(String(cleaned.dropLast(2))), bytes > 0 else { return nil }
        return Double(bytes)
    }

    /// Renders a byte count the way sizes are written in workload files (`1.5MiB`).
    public static func formatSize(_ bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = bytes
        var unit = 0
        while abs(value) >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(Int(value))B" }
        let rounded = (value * 100).rounded() / 100
        return "\(rounded)\(units[unit])"
    }
}
