import Foundation
import Yams

/// The `phases:` list: each element is a one-key mapping naming the phase kind.
enum PhaseParser {
    static let kinds = ["load", "mutate", "cursor", "expel", "snapshot", "persist", "set_quota", "wait", "sleep", "parallel",
                        "dcp", "dcp_wait", "dcp_close", "evict", "new_checkpoint", "replay", "restart", "storage_faults", "verify",
                        "baseline", "domain_tracking", "switch_cost", "tool_timings"]

    /// Names seen so far across the whole file (snapshot labels must be unique; a cursor must be
    /// registered before it is advanced).
    private struct Seen {
        var labels: Set<String> = []
        var cursors: Set<String> = []
        var streams: [String: Phase.DcpStreams] = [:]
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
            case .dcp(let streams):
                guard seen.streams.updateValue(streams, forKey: streams.name) == nil else {
                    throw reader.error(body, "\(phasePath).name", "a DCP stream set named '\(streams.name)' is already opened by an earlier phase")
                }
            case .dcpWait(let name, _), .dcpClose(let name):
                guard let streams = seen.streams[name] else {
                    throw reader.error(body, "\(phasePath).name", "no earlier dcp phase opens a stream set named '\(name)'")
                }
                if case .dcpWait = phase, streams.toSeqno == .none {
                    throw reader.error(body, "\(phasePath).name", "stream set '\(name)' is open-ended (to_seqno: none): it never finishes; use dcp_close")
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
            let fields = try reader.mapping(body, path, allowed: ["baseline"])
            return .expel(baseline: try fields["baseline"].map { node throws(WorkloadError) in try reader.bool(node, "\(path).baseline") } ?? false)
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
        case "dcp":
            guard engine.persistence else { throw reader.error(body, path, "DCP backfills read from disk: engine.persistence must be true") }
            return .dcp(try parseDcp(body, path, reader, engine: engine))
        case "dcp_wait":
            let fields = try reader.mapping(body, path, allowed: ["name", "timeout"], required: ["name"])
            let timeout = try fields["timeout"].map { node throws(WorkloadError) in try reader.duration(node, "\(path).timeout", minimum: 0.001) } ?? 300
            return .dcpWait(name: try reader.string(fields["name"]!, "\(path).name"), timeout: timeout)
        case "dcp_close":
            let fields = try reader.mapping(body, path, allowed: ["name"], required: ["name"])
            return .dcpClose(name: try reader.string(fields["name"]!, "\(path).name"))
        case "evict":
            _ = try reader.mapping(body, path, allowed: [])
            guard engine.persistence else { throw reader.error(body, path, "only persisted items can be evicted: engine.persistence must be true") }
            return .evict
        case "new_checkpoint":
            _ = try reader.mapping(body, path, allowed: [])
            return .newCheckpoint
        case "replay":
            return .replay(try parseReplay(body, path, reader))
        case "restart":
            let fields = try reader.mapping(body, path, allowed: ["kill"])
            guard engine.persistence else { throw reader.error(body, path, "a restart warms up from disk: engine.persistence must be true") }
            return .restart(kill: try fields["kill"].map { node throws(WorkloadError) in try reader.bool(node, "\(path).kill") } ?? false)
        case "storage_faults":
            return .storageFaults(try parseStorageFaults(body, path, reader, engine: engine))
        case "verify":
            _ = try reader.mapping(body, path, allowed: [])
            return .verify
        case "baseline":
            let mutate = try parseMutate(body, path, reader)
            guard mutate.rate == nil else { throw reader.error(body, "\(path).rate", "a baseline runs closed-loop: drop rate and ramp") }
            return .baseline(mutate)
        case "domain_tracking":
            let fields = try reader.mapping(body, path, allowed: ["enabled"], required: ["enabled"])
            return .domainTracking(enabled: try reader.bool(fields["enabled"]!, "\(path).enabled"))
        case "tool_timings":
            let fields = try reader.mapping(body, path, allowed: ["workloads"], required: ["workloads"])
            let node = fields["workloads"]!
            let directory = resolve(try reader.string(node, "\(path).workloads"), against: reader.file)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw reader.error(node, "\(path).workloads", "no such directory: \(directory)")
            }
            return .toolTimings(workloads: directory)
        case "switch_cost":
            let fields = try reader.mapping(body, path, allowed: ["switches"], required: ["switches"])
            return .switchCost(switches: try reader.count(fields["switches"]!, "\(path).switches", example: "10M", minimum: 1000))
        case "parallel":
            let branches = try reader.sequence(body, path)
            guard branches.count >= 2 else { throw reader.error(body, path, "give at least two branches, each a list of phases") }
            var parsed: [[Phase]] = []
            for (index, branch) in branches.enumerated() {
                let phases = try parseList(branch, "\(path)[\(index)]", reader, engine: engine, seen: &seen)
                if phases.contains(where: { $0.contains { if case .restart = $0 { true } else { false } } }) {
                    throw reader.error(branch, "\(path)[\(index)]", "restart replaces the bucket under every branch: put it outside parallel")
                }
                parsed.append(phases)
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

    private static func parseStorageFaults(_ body: Node, _ path: String, _ reader: NodeReader,
                                           engine: EngineSettings) throws(WorkloadError) -> Phase.StorageFaults {
        let fields = try reader.mapping(body, path, allowed: ["mode", "rate"], required: ["mode"])
        guard engine.persistence else { throw reader.error(body, path, "storage faults need a store: engine.persistence must be true") }
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

    private static func parseDcp(_ body: Node, _ path: String, _ reader: NodeReader, engine: EngineSettings) throws(WorkloadError) -> Phase.DcpStreams {
        let fields = try reader.mapping(body, path, allowed: ["name", "vbuckets", "from_seqno", "to_seqno", "drain", "buffer", "backfill_buffer"],
                                        required: ["name"])
        let name = try reader.string(fields["name"]!, "\(path).name")
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_".contains($0) }) else {
            throw reader.error(fields["name"], "\(path).name", "use letters, digits, '-' or '_', got '\(name)'")
        }
        let vbuckets = try fields["vbuckets"].flatMap { node throws(WorkloadError) in try vbucketList(node, "\(path).vbuckets", reader, engine: engine) }
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
        let buffer = try fields["buffer"].map { node throws(WorkloadError) in try reader.size(node, "\(path).buffer", minimum: 1024) } ?? (10 << 20)
        let backfillBuffer = try fields["backfill_buffer"].map { node throws(WorkloadError) in
            try reader.size(node, "\(path).backfill_buffer", minimum: 1024)
        } ?? (20 << 20)
        return Phase.DcpStreams(name: name, vbuckets: vbuckets, fromSeqno: from, toSeqno: to, drain: drain, buffer: buffer,
                                backfillByteLimit: backfillBuffer)
    }

    /// `all` (nil) or a list of existing vBucket ids.
    private static func vbucketList(_ node: Node, _ path: String, _ reader: NodeReader, engine: EngineSettings) throws(WorkloadError) -> [Int]? {
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

    private static func workers(_ node: Node?, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> Int {
        guard let node else { return 1 }
        let value = try reader.count(node, "\(path).workers", example: "2", minimum: 1)
        guard value <= 256 else { throw reader.error(node, "\(path).workers", "at most 256 workers, got \(value)") }
        return value
    }

    private static func parseMutate(_ body: Node, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> Phase.Mutate {
        let fields = try reader.mapping(body, path, allowed: ["mix", "keys", "ops", "workers", "rate", "ramp"], required: ["ops"])
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
        if let keysNode = fields["keys"] { keys = try parseKeys(keysNode, "\(path).keys", reader) }
        let ops = try reader.count(fields["ops"]!, "\(path).ops", minimum: 1)
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
            ramp = try reader.duration(node, "\(path).ramp")
        }
        return Phase.Mutate(mix: mix, keys: keys, ops: ops, workers: try workers(fields["workers"], path, reader), rate: rate, ramp: ramp)
    }

    private static func parseReplay(_ body: Node, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> Phase.Replay {
        let fields = try reader.mapping(body, path, allowed: ["file", "format", "timing", "speedup"], required: ["file"])
        let format = try fields["format"].map { node throws(WorkloadError) in
            TraceReader.Format(rawValue: try reader.choice(node, "\(path).format", among: TraceReader.Format.allCases.map(\.rawValue)))!
        } ?? .cachelib
        var timing = Phase.Replay.Timing.afap
        if let node = fields["timing"], try reader.choice(node, "\(path).timing", among: ["afap", "original"]) == "original" {
            timing = .paced(speedup: 1)
        }
        if let node = fields["speedup"] {
            let speedup = try reader.double(node, "\(path).speedup", in: 0.001...1_000_000)
            guard case .paced = timing else { throw reader.error(node, "\(path).speedup", "speedup applies to timing: original") }
            timing = .paced(speedup: speedup)
        }
        let fileNode = fields["file"]!
        let relative = try reader.string(fileNode, "\(path).file")
        let file = resolve(relative, against: reader.file)
        do {
            _ = try TraceReader.read(file, format: format)
        } catch let problem as TraceReader.Problem {
            throw reader.error(fileNode, "\(path).file", "\(relative): \(problem)")
        } catch {
            throw reader.error(fileNode, "\(path).file", "cannot read the trace \(file)")
        }
        return Phase.Replay(file: file, format: format, timing: timing)
    }

    /// A path as written in the workload file, relative to that file's directory.
    private static func resolve(_ relative: String, against workloadFile: String) -> String {
        let base = (workloadFile as NSString).deletingLastPathComponent
        let joined = relative.hasPrefix("/") || base.isEmpty ? relative : (base as NSString).appendingPathComponent(relative)
        return (joined as NSString).standardizingPath
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
        let vbuckets = try fields["vbuckets"].flatMap { node throws(WorkloadError) in try vbucketList(node, "\(path).vbuckets", reader, engine: engine) }
        return Phase.Cursor(name: name, action: action, vbuckets: vbuckets)
    }
}
