import Foundation
import Yams

/// `domain_tracking`, `switch_cost` and `tool_timings`.
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
    ]
}
