import Yams

/// The `phases:` list: each element is a one-key mapping naming the phase kind.
enum PhaseParser {
    static let kinds = ["load", "mutate", "cursor", "expel", "snapshot", "persist", "set_quota", "wait", "sleep", "parallel"]

    /// Names seen so far across the whole file (snapshot labels must be unique; a cursor must be
    /// registered before it is advanced).
    private struct Seen {
        var labels: Set<String> = []
        var cursors: Set<String> = []
    }

    static func parse(_ node: Node, _ reader: NodeReader, engine: EngineSettings) throws(WorkloadError) -> [Phase] {
        var seen = Seen()
        return try parseList(node, "phases", reader, engine: engine, seen: &seen)
    }

    private static func parseList(_ node: Node, _ listPath: String, _ reader: NodeReader, engine: EngineSettings,
                                  seen: inout Seen) throws(WorkloadError) -> [Phase] {
        let elements = try reader.sequence(node, listPath)
        guard !elements.isEmpty else { throw reader.error(node, listPath, "at least one phase is required") }
        var phases: [Phase] = []
        for (index, element) in elements.enumerated() {
            let path = "\(listPath)[\(index)]"
            guard let mapping = element.mapping, mapping.count == 1, let (kindNode, body) = mapping.first else {
                throw reader.error(element, path, "expected a one-key mapping such as '- load: {workers: 2}' with one of \(kinds.joined(separator: ", "))")
            }
            let kind = try reader.choice(kindNode, path, among: kinds)
            let phasePath = "\(path).\(kind)"
            let phase = try parsePhase(kind, body, phasePath, reader, engine: engine, seen: &seen)
            switch phase {
            case .snapshot(let label):
                guard seen.labels.insert(label).inserted else {
                    throw reader.error(body, "\(phasePath).label", "label '\(label)' is already used by an earlier snapshot")
                }
            case .cursor(let cursor):
                if case .register = cursor.action {
                    seen.cursors.insert(cursor.name)
                } else if !seen.cursors.contains(cursor.name) {
                    throw reader.error(body, "\(phasePath).name", "cursor '\(cursor.name)' is advanced before any phase registers it")
                }
            default:
                break
            }
            phases.append(phase)
        }
        return phases
    }

    private static func parsePhase(_ kind: String, _ body: Node, _ path: String, _ reader: NodeReader,
                                   engine: EngineSettings, seen: inout Seen) throws(WorkloadError) -> Phase {
        switch kind {
        case "load":
            let fields = try reader.mapping(body, path, allowed: ["workers"])
            return .load(.init(workers: try workers(fields["workers"], path, reader)))
        case "mutate":
            return .mutate(try parseMutate(body, path, reader))
        case "cursor":
            return .cursor(try parseCursor(body, path, reader, engine: engine))
        case "expel":
            _ = try reader.mapping(body, path, allowed: [])
            return .expel
        case "persist":
            let fields = try reader.mapping(body, path, allowed: ["wait", "timeout"])
            guard engine.persistence else { throw reader.error(body, path, "engine.persistence is false: there is nothing to persist") }
            let wait = try fields["wait"].map { node throws(WorkloadError) in try reader.bool(node, "\(path).wait") } ?? true
            let timeout = try fields["timeout"].map { node throws(WorkloadError) in try reader.duration(node, "\(path).timeout", minimum: 0.001) } ?? 300
            return .persist(wait: wait, timeout: timeout)
        case "set_quota":
            let fields = try reader.mapping(body, path, allowed: ["to"], required: ["to"])
            return .setQuota(bytes: try reader.size(fields["to"]!, "\(path).to", minimum: 1 << 20))
        case "wait":
            let fields = try reader.mapping(body, path, allowed: ["until", "timeout"], required: ["until"])
            let untilNode = fields["until"]!
            let text = try reader.string(untilNode, "\(path).until")
            let condition: WaitCondition
            do throws(ExpressionError) {
                condition = try WaitCondition.parse(text)
            } catch {
                // Point at the offending character when the expression sits on one line.
                var located = reader.error(untilNode, "\(path).until", error.message)
                if case .scalar(let scalar) = untilNode, scalar.style == .plain { located.column += error.offset }
                throw located
            }
            let timeout = try fields["timeout"].map { node throws(WorkloadError) in try reader.duration(node, "\(path).timeout", minimum: 0.001) } ?? 300
            return .wait(until: condition, timeout: timeout)
        case "sleep":
            return .sleep(seconds: try reader.duration(body, path))
        case "parallel":
            let branches = try reader.sequence(body, path)
            guard branches.count >= 2 else { throw reader.error(body, path, "give at least two branches, each a list of phases") }
            var parsed: [[Phase]] = []
            for (index, branch) in branches.enumerated() {
                parsed.append(try parseList(branch, "\(path)[\(index)]", reader, engine: engine, seen: &seen))
            }
            return .parallel(parsed)
        default:
            let fields = try reader.mapping(body, path, allowed: ["label"], required: ["label"])
            let label = try reader.string(fields["label"]!, "\(path).label")
            guard !label.isEmpty, label.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "_" }) else {
                throw reader.error(fields["label"], "\(path).label", "use lower-case letters, digits and '_' (it becomes part of metric names), got '\(label)'")
            }
            return .snapshot(label: label)
        }
    }

    private static func workers(_ node: Node?, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> Int {
        guard let node else { return 1 }
        let value = try reader.count(node, "\(path).workers", example: "2", minimum: 1)
        guard value <= 256 else { throw reader.error(node, "\(path).workers", "at most 256 workers, got \(value)") }
        return value
    }

    private static func parseMutate(_ body: Node, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> Phase.Mutate {
        let fields = try reader.mapping(body, path, allowed: ["mix", "keys", "ops", "workers"], required: ["ops"])
        var mix = OperationMix(set: 100, get: 0, delete: 0)
        if let mixNode = fields["mix"] {
            let parts = try reader.mapping(mixNode, "\(path).mix", allowed: ["set", "get", "delete"])
            func share(_ name: String) throws(WorkloadError) -> Int {
                guard let node = parts[name] else { return 0 }
                let value = try reader.count(node, "\(path).mix.\(name)", example: "80")
                guard value <= 100 else { throw reader.error(node, "\(path).mix.\(name)", "a percentage is at most 100, got \(value)") }
                return value
            }
            mix = OperationMix(set: try share("set"), get: try share("get"), delete: try share("delete"))
            let total = mix.set + mix.get + mix.delete
            guard total == 100 else {
                throw reader.error(mixNode, "\(path).mix", "percentages must sum to 100, they sum to \(total)")
            }
        }
        var keys = KeyDistribution.uniform
        if let keysNode = fields["keys"] {
            let parts = try reader.mapping(keysNode, "\(path).keys", allowed: ["dist", "theta"], required: ["dist"])
            let dist = try reader.choice(parts["dist"]!, "\(path).keys.dist", among: ["uniform", "zipfian"])
            if dist == "zipfian" {
                let theta = try parts["theta"].map { node throws(WorkloadError) in
                    try reader.double(node, "\(path).keys.theta", in: 0.01...0.999)
                } ?? 0.99
                keys = .zipfian(theta: theta)
            } else if let theta = parts["theta"] {
                throw reader.error(theta, "\(path).keys.theta", "theta applies to the zipfian distribution only")
            }
        }
        let ops = try reader.count(fields["ops"]!, "\(path).ops", minimum: 1)
        return Phase.Mutate(mix: mix, keys: keys, ops: ops, workers: try workers(fields["workers"], path, reader))
    }

    private static func parseCursor(_ body: Node, _ path: String, _ reader: NodeReader,
                                    engine: EngineSettings) throws(WorkloadError) -> Phase.Cursor {
        let fields = try reader.mapping(body, path, allowed: ["name", "register", "advance", "vbuckets"], required: ["name"])
        let name = try reader.string(fields["name"]!, "\(path).name")
        guard !name.isEmpty, name != "persistence" else {
            throw reader.error(fields["name"], "\(path).name", "a cursor needs a name other than 'persistence' (reserved for the flusher)")
        }
        let action: Phase.Cursor.Action
        switch (fields["register"], fields["advance"]) {
        case (let register?, nil):
            action = .register(seqno: try reader.count(register, "\(path).register", example: "0 (the seqno the reader already has)"))
        case (nil, let advance?):
            if (try? reader.string(advance, "\(path).advance")) == "end" {
                action = .advance(items: Int.max)
            } else {
                action = .advance(items: try reader.count(advance, "\(path).advance", example: "1000 or end", minimum: 1))
            }
        default:
            throw reader.error(body, path, "give exactly one of 'register: SEQNO' or 'advance: COUNT|end'")
        }
        var vbuckets: [Int]?
        if let node = fields["vbuckets"] {
            if node.scalar?.string == "all" {
                vbuckets = nil
            } else {
                let list = try reader.sequence(node, "\(path).vbuckets")
                var ids: [Int] = []
                for (index, element) in list.enumerated() {
                    let itemPath = "\(path).vbuckets[\(index)]"
                    let id = try reader.count(element, itemPath, example: "0")
                    guard id < engine.vbuckets else {
                        throw reader.error(element, itemPath, "vBucket \(id) does not exist (engine.vbuckets is \(engine.vbuckets))")
                    }
                    ids.append(id)
                }
                vbuckets = ids
            }
        }
        return Phase.Cursor(name: name, action: action, vbuckets: vbuckets)
    }
}
