import Results
import Yams

/// `dcp`, `dcp_wait`, `dcp_close` and `dcp_drop`.
extension PhaseParser {
    static let dcpKinds: [(kind: String, parse: Parse)] = [
        ("dcp", { body, path, context throws(WorkloadError) in
            try context.requirePersistence(body, path, "DCP backfills read from disk")
            return .dcp(.open(try parseStreams(body, path, context)))
        }),
        ("dcp_wait", { body, path, context throws(WorkloadError) in
            let fields = try context.reader.mapping(body, path, allowed: ["name", "timeout"], required: ["name"])
            return .dcp(.wait(name: try context.reader.string(fields["name"]!, "\(path).name"),
                              timeout: try context.timeout(fields, path, default: 300)))
        }),
        ("dcp_close", { body, path, context throws(WorkloadError) in
            let fields = try context.reader.mapping(body, path, allowed: ["name"], required: ["name"])
            return .dcp(.close(name: try context.reader.string(fields["name"]!, "\(path).name")))
        }),
        ("dcp_drop", { body, path, context throws(WorkloadError) in
            let fields = try context.reader.mapping(body, path, allowed: ["name"], required: ["name"])
            return .dcp(.drop(name: try context.reader.string(fields["name"]!, "\(path).name")))
        }),
    ]

    private static func parseStreams(_ body: Node, _ path: String, _ context: PhaseParsingContext) throws(WorkloadError) -> Phase.DcpStreams {
        let reader = context.reader
        let fields = try reader.mapping(body, path, allowed: ["name", "vbuckets", "from_seqno", "to_seqno", "drain", "buffer", "backfill_buffer"],
                                        required: ["name"])
        let name = try reader.string(fields["name"]!, "\(path).name")
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_".contains($0) }) else {
            throw reader.error(fields["name"], "\(path).name", "use letters, digits, '-' or '_', got '\(name)'")
        }
        let vbuckets = try fields["vbuckets"].flatMap { node throws(WorkloadError) in try context.vbucketList(node, "\(path).vbuckets") }
        let from = try fields["from_seqno"].map { node throws(WorkloadError) in try reader.count(node, "\(path).from_seqno", example: "0") } ?? 0
        var to = Phase.DcpStreams.End.high
        if let node = fields["to_seqno"] {
            switch try reader.string(node, "\(path).to_seqno") {
            case "high": to = .high
            case "none": to = .none
            default: to = .seqno(try reader.count(node, "\(path).to_seqno", example: "100000, high or none"))
            }
        }
        var drain: Double?
        if let node = fields["drain"] {
            let text = try reader.string(node, "\(path).drain")
            if text != "unlimited" {
                guard let rate = Quantity.byteRate(text) else {
                    throw reader.error(node, "\(path).drain", "expected a byte rate like 5MiB/s, or unlimited, got '\(text)'")
                }
                drain = rate
            }
        }
        let buffer = try fields["buffer"].map { node throws(WorkloadError) in try reader.size(node, "\(path).buffer", in: Limits.buffer) } ?? (10 << 20)
        let backfillBuffer = try fields["backfill_buffer"].map { node throws(WorkloadError) in
            try reader.size(node, "\(path).backfill_buffer", in: Limits.buffer)
        } ?? (20 << 20)
        return Phase.DcpStreams(name: name, vbuckets: vbuckets, fromSeqno: from, toSeqno: to, drain: drain, buffer: buffer,
                                backfillByteLimit: backfillBuffer)
    }
}
