import Foundation
import Yams

/// `domain_tracking`, `switch_cost`, `tool_timings` and `stats`.
extension PhaseParser {
    static let instrumentationKinds: [(kind: String, parse: Parse)] = [
        ("domain_tracking", { body, path, context throws(WorkloadError) in
            let fields = try context.reader.mapping(body, path, allowed: ["enabled"], required: ["enabled"])
            return .instrumentation(.domainTracking(enabled: try context.reader.bool(fields["enabled"]!, "\(path).enabled")))
        }),
        ("switch_cost", { body, path, context throws(WorkloadError) in
            let fields = try context.reader.mapping(body, path, allowed: ["switches"], required: ["switches"])
            return .instrumentation(.switchCost(switches: try context.reader.count(fields["switches"]!, "\(path).switches", example: "10M",
                                                                                   in: 1000...Limits.count.upperBound)))
        }),
        ("tool_timings", { body, path, context throws(WorkloadError) in
            let reader = context.reader
            let fields = try reader.mapping(body, path, allowed: ["workloads"], required: ["workloads"])
            let node = fields["workloads"]!
            let directory = resolve(try reader.string(node, "\(path).workloads"), against: reader.file)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw reader.error(node, "\(path).workloads", "no such directory: \(directory)")
            }
            return .instrumentation(.toolTimings(workloads: directory))
        }),
        ("stats", { body, path, context throws(WorkloadError) in
            let reader = context.reader
            let fields = try reader.mapping(body, path, allowed: ["groups", "requests", "connections", "close_every"], required: ["requests"])
            var groups = ["dcp", "checkpoint", "memory", "tasks"]
            if let node = fields["groups"] {
                groups = try reader.sequence(node, "\(path).groups").enumerated().map { index, element throws(WorkloadError) in
                    try reader.choice(element, "\(path).groups[\(index)]", among: ["dcp", "checkpoint", "memory", "tasks"])
                }
                guard !groups.isEmpty else { throw reader.error(node, "\(path).groups", "name at least one group") }
            }
            let requests = try reader.count(fields["requests"]!, "\(path).requests", example: "1000", in: 1...1_000_000)
            let connections = try fields["connections"].map { node throws(WorkloadError) in
                try reader.count(node, "\(path).connections", example: "4", in: 1...64)
            } ?? 4
            let closeEvery = try fields["close_every"].map { node throws(WorkloadError) in
                try reader.count(node, "\(path).close_every", example: "100", in: 1...1_000_000)
            }
            return .instrumentation(.stats(Phase.StatsRequests(groups: groups, requests: requests, connections: connections, closeEvery: closeEvery)))
        }),
    ]
}
