import Yams

/// The `phases:` list: each element is a one-key mapping naming the phase kind. Each kind has one
/// entry in `table` (grouped by family in `PhaseParser+<Family>.swift`); an unknown kind is an
/// error, never parsed as another.
enum PhaseParser {
    typealias Parse = @Sendable (_ body: Node, _ path: String, _ context: PhaseParsingContext) throws(WorkloadError) -> Phase

    /// Every phase kind and its parser, in the order error messages list them.
    static let table: [(kind: String, parse: Parse)] = loadKinds + checkpointKinds + persistenceKinds + dcpKinds + replayKinds
        + lifecycleKinds + instrumentationKinds + controlKinds

    static var kinds: [String] { table.map(\.kind) }

    static func parse(_ node: Node, _ reader: NodeReader, engine: EngineSettings) throws(WorkloadError) -> [Phase] {
        try parseList(node, "phases", PhaseParsingContext(reader: reader, engine: engine))
    }

    static func parseList(_ node: Node, _ listPath: String, _ context: PhaseParsingContext) throws(WorkloadError) -> [Phase] {
        let reader = context.reader
        let elements = try reader.sequence(node, listPath)
        guard !elements.isEmpty else { throw reader.error(node, listPath, "at least one phase is required") }
        var phases: [Phase] = []
        for (index, element) in elements.enumerated() {
            let path = "\(listPath)[\(index)]"
            guard let mapping = element.mapping, mapping.count == 1, let (kindNode, body) = mapping.first else {
                throw reader.error(element, path, "expected a one-key mapping such as '- load: {workers: 2}' with one of \(kinds.joined(separator: ", "))")
            }
            let kind = try reader.choice(kindNode, path, among: kinds)
            guard let parse = table.first(where: { $0.kind == kind })?.parse else { preconditionFailure("choice(among: kinds) admitted \(kind)") }
            let phasePath = "\(path).\(kind)"
            let phase = try parse(body, phasePath, context)
            try context.note(phase, body, phasePath)
            phases.append(phase)
        }
        return phases
    }
}

/// What parsing one file's phases has seen so far, across parallel branches: snapshot labels must
/// be unique, a cursor must be registered before it is advanced, a stream set opened before it is
/// waited for, closed or dropped (after which its name may be opened again). One per file; not
/// shared between threads.
final class PhaseParsingContext {
    let reader: NodeReader
    let engine: EngineSettings
    private var labels: Set<String> = []
    private var cursors: Set<String> = []
    private var streams: [String: Phase.DcpStreams] = [:]

    init(reader: NodeReader, engine: EngineSettings) {
        self.reader = reader
        self.engine = engine
    }

    /// Checks `phase` against what earlier phases declared and records what it declares.
    func note(_ phase: Phase, _ body: Node, _ path: String) throws(WorkloadError) {
        switch phase {
        case .checkpoint(.snapshot(let label)):
            guard labels.insert(label).inserted else {
                throw reader.error(body, "\(path).label", "label '\(label)' is already used by an earlier snapshot")
            }
        case .dcp(.open(let set)):
            guard streams.updateValue(set, forKey: set.name) == nil else {
                throw reader.error(body, "\(path).name", "a DCP stream set named '\(set.name)' is already open (opened by an earlier phase)")
            }
        case .dcp(.wait(let name, _)), .dcp(.close(let name)), .dcp(.drop(let name)):
            guard let set = streams.removeValue(forKey: name) else {
                throw reader.error(body, "\(path).name", "no stream set named '\(name)' is open here (opened by an earlier dcp phase and not yet finished)")
            }
            if case .dcp(.wait) = phase, set.toSeqno == .none {
                throw reader.error(body, "\(path).name", "stream set '\(name)' is open-ended (to_seqno: none): it never finishes; use dcp_close")
            }
        case .checkpoint(.cursor(let cursor)):
            if case .register = cursor.action {
                cursors.insert(cursor.name)
            } else if !cursors.contains(cursor.name) {
                throw reader.error(body, "\(path).name", "cursor '\(cursor.name)' is advanced before any phase registers it")
            }
        default:
            break
        }
    }

    /// `engine.persistence` must be on for a phase that needs the store.
    func requirePersistence(_ body: Node, _ path: String, _ why: String) throws(WorkloadError) {
        guard engine.persistence else { throw reader.error(body, path, "\(why): engine.persistence must be true") }
    }

    /// `all` (nil) or a list of existing vBucket ids.
    func vbucketList(_ node: Node, _ path: String) throws(WorkloadError) -> [Int]? {
        if node.scalar?.string == "all" { return nil }
        let list = try reader.sequence(node, path)
        var ids: [Int] = []
        for (index, element) in list.enumerated() {
            let itemPath = "\(path)[\(index)]"
            let id = try reader.count(element, itemPath, example: "0")
            guard id < engine.vbuckets else {
                throw reader.error(element, itemPath, "vBucket \(id) does not exist (engine.vbuckets is \(engine.vbuckets))")
            }
            ids.append(id)
        }
        return ids
    }

    /// An optional duration field, at least 1 ms, with a default.
    func timeout(_ fields: [String: Node], _ path: String, default value: Double) throws(WorkloadError) -> Double {
        guard let node = fields["timeout"] else { return value }
        return try reader.duration(node, "\(path).timeout", in: 0.001...Limits.duration.upperBound)
    }

    /// An optional boolean field with a default.
    func flag(_ fields: [String: Node], _ key: String, _ path: String, default value: Bool) throws(WorkloadError) -> Bool {
        guard let node = fields[key] else { return value }
        return try reader.bool(node, "\(path).\(key)")
    }
}
