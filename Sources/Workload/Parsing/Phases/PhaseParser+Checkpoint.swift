import Results
import Yams

/// `cursor`, `expel`, `snapshot` and `new_checkpoint`.
extension PhaseParser {
    static let checkpointKinds: [(kind: String, parse: Parse)] = [
        ("cursor", { body, path, context throws(WorkloadError) in .checkpoint(.cursor(try parseCursor(body, path, context))) }),
        ("expel", { body, path, context throws(WorkloadError) in
            let fields = try context.reader.mapping(body, path, allowed: ["baseline"])
            return .checkpoint(.expel(baseline: try context.flag(fields, "baseline", path, default: false)))
        }),
        ("snapshot", { body, path, context throws(WorkloadError) in .checkpoint(.snapshot(label: try parseLabel(body, path, context.reader))) }),
        ("new_checkpoint", { body, path, context throws(WorkloadError) in
            _ = try context.reader.mapping(body, path, allowed: [])
            return .checkpoint(.newCheckpoint)
        }),
    ]

    /// A snapshot label becomes part of metric names, so it must not turn one into another
    /// metric's name (`freed_by_expel` would shadow `checkpoint.memory.freed_by_expel`).
    private static func parseLabel(_ body: Node, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> String {
        let fields = try reader.mapping(body, path, allowed: ["label"], required: ["label"])
        let label = try reader.string(fields["label"]!, "\(path).label")
        guard !label.isEmpty, label.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "_" }) else {
            throw reader.error(fields["label"], "\(path).label", "use lower-case letters, digits and '_' (it becomes part of metric names), got '\(label)'")
        }
        for definition in [Metrics.checkpointMemoryAt, Metrics.checkpointItemsAt, Metrics.primaryAllocatedAt] {
            if let shadowed = MetricCatalog.collides(definition, label) {
                throw reader.error(fields["label"], "\(path).label", "label '\(label)' would make \(shadowed.pattern), a metric of its own; choose another")
            }
        }
        return label
    }

    private static func parseCursor(_ body: Node, _ path: String, _ context: PhaseParsingContext) throws(WorkloadError) -> Phase.Cursor {
        let reader = context.reader
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
                action = .advance(items: try reader.count(advance, "\(path).advance", example: "1000 or end", in: 1...Limits.count.upperBound))
            }
        default:
            throw reader.error(body, path, "give exactly one of 'register: SEQNO' or 'advance: COUNT|end'")
        }
        let vbuckets = try fields["vbuckets"].flatMap { node throws(WorkloadError) in try context.vbucketList(node, "\(path).vbuckets") }
        return Phase.Cursor(name: name, action: action, vbuckets: vbuckets)
    }
}
