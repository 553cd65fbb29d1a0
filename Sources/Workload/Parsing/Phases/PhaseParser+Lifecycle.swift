import Yams

/// `restart`, `storage_faults` and `verify`.
extension PhaseParser {
    static let lifecycleKinds: [(kind: String, parse: Parse)] = [
        ("restart", { body, path, context throws(WorkloadError) in
            let fields = try context.reader.mapping(body, path, allowed: ["kill"])
            try context.requirePersistence(body, path, "a restart warms up from disk")
            return .lifecycle(.restart(kill: try context.flag(fields, "kill", path, default: false)))
        }),
        ("storage_faults", { body, path, context throws(WorkloadError) in .lifecycle(.storageFaults(try parseStorageFaults(body, path, context))) }),
        ("verify", { body, path, context throws(WorkloadError) in
            _ = try context.reader.mapping(body, path, allowed: [])
            return .lifecycle(.verify)
        }),
    ]

    private static func parseStorageFaults(_ body: Node, _ path: String, _ context: PhaseParsingContext) throws(WorkloadError) -> Phase.StorageFaults {
        let reader = context.reader
        let fields = try reader.mapping(body, path, allowed: ["mode", "rate"], required: ["mode"])
        try context.requirePersistence(body, path, "storage faults need a store")
        let mode = try reader.choice(fields["mode"]!, "\(path).mode", among: ["none", "disk_full", "failing_writes"])
        if mode != "failing_writes", let rate = fields["rate"] {
            throw reader.error(rate, "\(path).rate", "rate applies to mode: failing_writes")
        }
        switch mode {
        case "disk_full": return .diskFull
        case "failing_writes":
            guard let rate = fields["rate"] else { throw reader.error(body, path, "mode failing_writes needs rate (the share of commits that fail, e.g. 0.2)") }
            return .failingWrites(rate: try reader.double(rate, "\(path).rate", in: 0.001...1))
        default: return .none
        }
    }
}
