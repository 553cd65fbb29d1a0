import Foundation

/// A value axis: the range to draw and round tick values (1, 2, 2.5 or 5 times a power of ten)
/// covering it, so that labels read as numbers a person would pick. Bytes are rounded in the
/// binary unit their labels use (KiB, MiB, …), so that a tick reads 384 KiB rather than 390.62 KiB.
struct ChartScale {
    let low: Double
    let high: Double
    let ticks: [Double]

    init(covering values: [Double], unit: String, tickCount: Int = 4) {
        var binary = 1.0
        if unit.hasPrefix("bytes"), let largest = values.filter(\.isFinite).map(abs).max() {
            while largest / binary >= 1024 && binary < 0x1p40 { binary *= 1024 }
        }
        let scaled = Self(covering: values.map { $0 / binary }, tickCount: tickCount)
        low = scaled.low * binary
        high = scaled.high * binary
        ticks = scaled.ticks.map { $0 * binary }
    }

    private init(covering values: [Double], tickCount: Int) {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if high - low < max(abs(high), 1e-12) * 1e-9 {
            // A flat series still gets an axis around its value.
            let pad = max(abs(high) * 0.05, 1e-9)
            (low, high) = (low - pad, high + pad)
        }
        let step = Self.niceStep((high - low) / Double(tickCount))
        let first = (low / step).rounded(.down) * step, last = (high / step).rounded(.up) * step
        self.low = first
        self.high = last
        ticks = stride(from: first, through: last + step / 2, by: step).map { $0 }
    }

    /// Where `value` lies, from 0 (low) to 1 (high).
    func fraction(_ value: Double) -> Double { (value - low) / (high - low) }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, (log10(raw)).rounded(.down))
        return ([1, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= raw }) ?? 10 * power
    }
}
