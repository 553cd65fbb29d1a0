#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Picks item indices in `0..<items` by a `KeyDistribution`, as YCSB's generators do (the
/// zipfian family draws exact Zipf(θ) ranks, see `ZipfianParameters`): rank 0 is the hottest item. A value type per worker: the
/// sequential walk keeps its position in it.
public struct KeyChooser: Sendable {
    private enum Kind: Sendable {
        case uniform
        case zipfian(ZipfianParameters)
        case scrambled(ZipfianParameters)
        case latest(ZipfianParameters)
        case hotspot(hotItems: Int, hotOps: Double)
        case sequential
    }

    private let items: Int
    private let kind: Kind
    private var position: Int

    /// `worker` of `workers` gives the sequential walk its starting offset.
    public init(distribution: KeyDistribution, items: Int, worker: Int = 0, workers: Int = 1) {
        self.items = items
        position = items * worker / max(1, workers)
        switch distribution {
        case .uniform: kind = .uniform
        case .zipfian(let theta): kind = .zipfian(ZipfianParameters(items: items, theta: theta))
        case .scrambledZipfian(let theta): kind = .scrambled(ZipfianParameters(items: items, theta: theta))
        case .latest(let theta): kind = .latest(ZipfianParameters(items: items, theta: theta))
        case .hotspot(let hotData, let hotOps): kind = .hotspot(hotItems: max(1, min(items, Int(Double(items) * hotData))), hotOps: hotOps)
        case .sequential: kind = .sequential
        }
    }

    public mutating func next(_ random: inout RandomSource) -> Int {
        switch kind {
        case .uniform:
            return Int(random.next() % UInt64(items))
        case .zipfian(let p):
            return p.rank(&random)
        case .scrambled(let p):
            return Int(Self.fnv1a(UInt64(p.rank(&random))) % UInt64(items))
        case .latest(let p):
            return items - 1 - p.rank(&random)
        case .hotspot(let hotItems, let hotOps):
            if random.nextUnit() < hotOps || hotItems == items { return Int(random.next() % UInt64(hotItems)) }
            return hotItems + Int(random.next() % UInt64(items - hotItems))
        case .sequential:
            defer { position = (position + 1) % items }
            return position
        }
    }

    /// FNV-1a over the 8 bytes of `value` (YCSB scrambles ranks with FNV).
    static func fnv1a(_ value: UInt64) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for shift in stride(from: 0, to: 64, by: 8) {
            hash ^= (value >> UInt64(shift)) & 0xFF
            hash = hash &* 0x100_0000_01B3
        }
        return hash
    }
}

/// An exact Zipf(θ) sampler over ranks (Hörmann & Derflinger's rejection-inversion, as in
/// Apache Commons RNG): O(1) per draw, no table, and the frequencies match 1/k^θ — unlike Gray's
/// closed-form approximation that YCSB uses, which fails a χ² test at α = 0.01 (χ² ≈ 2291 over
/// the top 100 ranks of 10k items, 1M draws; this sampler passes it).
struct ZipfianParameters: Sendable {
    let theta: Double
    private let items: Double
    private let hIntegralX1: Double
    private let hIntegralItems: Double
    private let s: Double

    init(items: Int, theta: Double) {
        self.theta = theta
        self.items = Double(max(1, items))
        hIntegralX1 = Self.hIntegral(1.5, theta) - 1
        hIntegralItems = Self.hIntegral(Double(max(1, items)) + 0.5, theta)
        s = 2 - Self.hIntegralInverse(Self.hIntegral(2.5, theta) - Self.h(2, theta), theta)
    }

    /// The rank (0 = hottest) for the next draw.
    func rank(_ random: inout RandomSource) -> Int {
        while true {
            let u = hIntegralItems + random.nextUnit() * (hIntegralX1 - hIntegralItems)
            let x = Self.hIntegralInverse(u, theta)
            let k = Swift.min(Swift.max(1, (x + 0.5).rounded(.down)), items)
            if k - x <= s || u >= Self.hIntegral(k + 0.5, theta) - Self.h(k, theta) { return Int(k) - 1 }
        }
    }

    private static func h(_ x: Double, _ theta: Double) -> Double { exp(-theta * log(x)) }

    private static func hIntegral(_ x: Double, _ theta: Double) -> Double {
        let logX = log(x)
        return helper2((1 - theta) * logX) * logX
    }

    private static func hIntegralInverse(_ x: Double, _ theta: Double) -> Double {
        var t = x * (1 - theta)
        if t < -1 { t = -1 }
        return exp(helper1(t) * x)
    }

    /// log(1 + x) / x, accurate near 0.
    private static func helper1(_ x: Double) -> Double {
        abs(x) > 1e-8 ? log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x))
    }

    /// (exp(x) − 1) / x, accurate near 0.
    private static func helper2(_ x: Double) -> Double {
        abs(x) > 1e-8 ? expm1(x) / x : 1 + x * 0.5 * (1 + x * (1.0 / 3) * (1 + 0.25 * x))
    }
}
