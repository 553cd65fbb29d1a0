import Yams

/// `persist`, `set_quota` and `evict`.
extension PhaseParser {
    static let persistenceKinds: [(kind: String, parse: Parse)] = [
        ("persist", { body, path, context throws(WorkloadError) in
            let fields = try context.reader.mapping(body, path, allowed: ["wait", "timeout"])
            try context.requirePersistence(body, path, "there is nothing to persist")
            return .persistence(.persist(wait: try context.flag(fields, "wait", path, default: true),
                                         timeout: try context.timeout(fields, path, default: 300)))
        }),
        ("set_quota", { body, path, context throws(WorkloadError) in
            let fields = try context.reader.mapping(body, path, allowed: ["to"], required: ["to"])
            return .persistence(.setQuota(bytes: try context.reader.size(fields["to"]!, "\(path).to", in: Limits.quota)))
        }),
        ("evict", { body, path, context throws(WorkloadError) in
            _ = try context.reader.mapping(body, path, allowed: [])
            try context.requirePersistence(body, path, "only persisted items can be evicted")
            return .persistence(.evict)
        }),
    ]
}
