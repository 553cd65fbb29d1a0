import Foundation

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
    public static func bytes(_ value: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var scaled = value
        var unit = 0
        while abs(scaled) >= 1024, unit < units.count - 1 {
            scaled /= 1024
            unit += 1
        }
        return unit == 0 ? "\(Int64(scaled)) B" : fixed(scaled, decimals: 2) + " " + units[unit]
    }

    public static func human(_ value: Double, unit: String) -> String {
        switch unit {
        case "bytes": bytes(value)
        case "seconds": value < 1 ? fixed(value * 1000, decimals: 1) + " ms" : fixed(value, decimals: 3) + " s"
        case "ops/s", "items/s": fixed(value, decimals: 0) + " " + unit
        case "bytes/s": bytes(value) + "/s"
        case "us": fixed(value, decimals: 1) + " µs"
        default: plain(value)
        }
    }

    /// `value` with exactly `decimals` decimals (0 to 6), as `%.<decimals>f` writes it, by integer
    /// arithmetic: `String(format:)` dominated drawing a dashboard of hundreds of thousands of points.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        let scale = [1.0, 10, 100, 1000, 10_000, 100_000, 1_000_000][decimals]
        let scaled = (abs(value) * scale).rounded(.toNearestOrEven)
        guard value.isFinite, scaled < 9e15 else { return String(format: "%.\(decimals)f", value) }
        let units = UInt64(scaled), whole = units / UInt64(scale)
        var text = (value < 0 && units > 0 ? "-" : "") + String(whole)
        guard decimals > 0 else { return text }
        let fraction = String(units % UInt64(scale))
        text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        return text
    }
}
