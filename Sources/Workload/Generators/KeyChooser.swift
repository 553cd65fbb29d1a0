#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Picks item indices in `0..<items` by a `KeyDistribution`, as YCSB's generators do.
/// The zipfian follows Gray et al. ("Quickly generating billion-record synthetic databases"),
/// like YCSB's `ZipfianGenerator`: rank 0 is the hottest item. A value type per worker.
public struct KeyChooser: Sendable {
    private enum Kind: Sendable {
        case uniform
        case zipfian(ZipfianParameters)
    }

    private let items: Int
    private let kind: Kind

    public init(distribution: KeyDistribution, items: Int) {
        self.items = items
        switch distribution {
        case .uniform: kind = .uniform
        case .zipfian(let theta): kind = .zipfian(ZipfianParameters(items: items, theta: theta))
        }
    }

    public func next(_ random: inout RandomSource) -> Int {
        switch kind {
        case .uniform:
            return Int(random.next() % UInt64(items))
        case .zipfian(let p):
            let u = random.nextUnit()
            let uz = u * p.zetaN
            if uz < 1 { return 0 }
            if uz < 1 + pow(0.5, p.theta) { return min(1, items - 1) }
            return min(items - 1, Int(Double(items) * pow(p.eta * u - p.eta + 1, p.alpha)))
        }
    }
}

/// The constants of Gray's method; computing zeta(n) is O(n), so it is done once per phase.
struct ZipfianParameters: Sendable {
    let theta: Double
    let zetaN: Double
    let alpha: Double
    let eta: Double

    init(items: Int, theta: Double) {
        self.theta = theta
        var zeta = 0.0
        for i in 1...max(1, items) { zeta += 1 / pow(Double(i), theta) }
        let zeta2 = 1 + 1 / pow(2, theta)
        zetaN = zeta
        alpha = 1 / (1 - theta)
        eta = (1 - pow(2 / Double(max(items, 2)), 1 - theta)) / (1 - zeta2 / zeta)
    }
}
