import Yams

/// The `engine:` block.
enum EngineSettingsParser {
    static func parse(_ node: Node, _ reader: NodeReader) throws(WorkloadError) -> EngineSettings {
        var settings = EngineSettings()
        let fields = try reader.mapping(node, "engine", allowed: ["quota", "vbuckets", "eviction", "checkpoint"])
        if let quota = fields["quota"] { settings.quota = try reader.size(quota, "engine.quota", minimum: 1 << 20) }
        if let vbuckets = fields["vbuckets"] {
            settings.vbuckets = try reader.count(vbuckets, "engine.vbuckets", example: "64", minimum: 1)
            guard settings.vbuckets <= 1024 else {
                throw reader.error(vbuckets, "engine.vbuckets", "at most 1024 vBuckets (max_vbuckets), got \(settings.vbuckets)")
            }
        }
        if let eviction = fields["eviction"] {
            settings.eviction = try reader.choice(eviction, "engine.eviction", among: ["value_only", "full_eviction"])
        }
        if let checkpoint = fields["checkpoint"] {
            let values = try reader.mapping(checkpoint, "engine.checkpoint", allowed: ["max_size", "memory_ratio", "max_checkpoints", "expel"])
            if let node = values["max_size"] { settings.checkpoint.maxSize = try reader.size(node, "engine.checkpoint.max_size") }
            if let node = values["memory_ratio"] {
                settings.checkpoint.memoryRatio = try reader.double(node, "engine.checkpoint.memory_ratio", in: 0.01...1)
            }
            if let node = values["max_checkpoints"] {
                settings.checkpoint.maxCheckpoints = try reader.count(node, "engine.checkpoint.max_checkpoints", example: "10", minimum: 2)
            }
            if let node = values["expel"] { settings.checkpoint.expel = try reader.bool(node, "engine.checkpoint.expel") }
        }
        return settings
    }
}
