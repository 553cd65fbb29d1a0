import Results
import Yams

/// `load`, `mutate` and `baseline`.
extension PhaseParser {
    static let loadKinds: [(kind: String, parse: Parse)] = [
        ("load", { body, path, context throws(WorkloadError) in
            let fields = try context.reader.mapping(body, path, allowed: ["workers"])
            return .load(.load(.init(workers: try workers(fields["workers"], path, context.reader))))
        }),
        ("mutate", { body, path, context throws(WorkloadError) in .load(.mutate(try parseMutate(body, path, context.reader))) }),
        ("baseline", { body, path, context throws(WorkloadError) in
            let mutate = try parseMutate(body, path, context.reader)
            guard mutate.rate == nil else { throw context.reader.error(body, "\(path).rate", "a baseline runs closed-loop: drop rate and ramp") }
            return .load(.baseline(mutate))
        }),
    ]

    private static func workers(_ node: Node?, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> Int {
        guard let node else { return 1 }
        let value = try reader.count(node, "\(path).workers", example: "2", in: Limits.workers)
        guard value <= 256 else { throw reader.error(node, "\(path).workers", "at most 256 workers, got \(value)") }
        return value
    }

    private static func parseMutate(_ body: Node, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> Phase.Mutate {
        let fields = try reader.mapping(body, path, allowed: ["mix", "keys", "ops", "workers", "rate", "ramp", "duration"])
        guard fields["ops"] != nil || fields["duration"] != nil else {
            throw reader.error(body, "\(path).ops", "give ops (e.g. ops: 100k), duration (e.g. duration: 2s) or both")
        }
        let mix = try fields["mix"].map { node throws(WorkloadError) in try parseMix(node, "\(path).mix", reader) }
            ?? OperationMix(set: 100, get: 0, delete: 0)
        let keys = try fields["keys"].map { node throws(WorkloadError) in try parseKeys(node, "\(path).keys", reader) } ?? .uniform
        let ops = try fields["ops"].map { node throws(WorkloadError) in try reader.count(node, "\(path).ops", in: 1...Limits.count.upperBound) }
            ?? Phase.Mutate.unbounded
        let duration = try fields["duration"].map { node throws(WorkloadError) in try reader.duration(node, "\(path).duration", in: Limits.phaseDuration) }
        var rate: Double?
        if let node = fields["rate"] {
            let text = try reader.string(node, "\(path).rate")
            guard text.hasSuffix("/s"), let value = Quantity.count(String(text.dropLast(2))), value > 0 else {
                throw reader.error(node, "\(path).rate", "expected a rate like 20k/s, got '\(text)'")
            }
            rate = Double(value)
        }
        var ramp = 0.0
        if let node = fields["ramp"] {
            guard rate != nil else { throw reader.error(node, "\(path).ramp", "a ramp needs the open model: give rate (e.g. rate: 20k/s)") }
            ramp = try reader.duration(node, "\(path).ramp", in: Limits.ramp)
            if let duration, ramp > duration {
                throw reader.error(node, "\(path).ramp", "the ramp is longer than the phase's duration (\(NumberText.plain(duration))s): the rate would never be reached")
            }
        }
        return Phase.Mutate(mix: mix, keys: keys, ops: ops, workers: try workers(fields["workers"], path, reader), rate: rate, ramp: ramp,
                            duration: duration)
    }

    private static func parseMix(_ node: Node, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> OperationMix {
        let parts = try reader.mapping(node, path, allowed: ["set", "get", "delete"])
        func share(_ name: String) throws(WorkloadError) -> Int {
            guard let node = parts[name] else { return 0 }
            let value = try reader.count(node, "\(path).\(name)", example: "80", in: 0...100)
            guard value <= 100 else { throw reader.error(node, "\(path).\(name)", "a percentage is at most 100, got \(value)") }
            return value
        }
        let mix = OperationMix(set: try share("set"), get: try share("get"), delete: try share("delete"))
        let total = mix.set + mix.get + mix.delete
        guard total == 100 else { throw reader.error(node, path, "percentages must sum to 100, they sum to \(total)") }
        return mix
    }

    static let distributions = ["uniform", "zipfian", "scrambled_zipfian", "latest", "hotspot", "sequential"]

    private static func parseKeys(_ node: Node, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> KeyDistribution {
        let parts = try reader.mapping(node, path, allowed: ["dist", "theta", "hot_data", "hot_ops"], required: ["dist"])
        let dist = try reader.choice(parts["dist"]!, "\(path).dist", among: distributions)
        let skewed = ["zipfian", "scrambled_zipfian", "latest"].contains(dist)
        for (key, applies) in [("theta", skewed), ("hot_data", dist == "hotspot"), ("hot_ops", dist == "hotspot")] where !applies {
            if let extra = parts[key] { throw reader.error(extra, "\(path).\(key)", "\(key) does not apply to the \(dist) distribution") }
        }
        let theta = try parts["theta"].map { node throws(WorkloadError) in try reader.double(node, "\(path).theta", in: 0.01...0.999) } ?? 0.99
        switch dist {
        case "zipfian": return .zipfian(theta: theta)
        case "scrambled_zipfian": return .scrambledZipfian(theta: theta)
        case "latest": return .latest(theta: theta)
        case "hotspot":
            let hotData = try parts["hot_data"].map { node throws(WorkloadError) in try reader.fraction(node, "\(path).hot_data") } ?? 0.2
            let hotOps = try parts["hot_ops"].map { node throws(WorkloadError) in try reader.fraction(node, "\(path).hot_ops") } ?? 0.8
            return .hotspot(hotData: hotData, hotOps: hotOps)
        case "sequential": return .sequential
        default: return .uniform
        }
    }
}
