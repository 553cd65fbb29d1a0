import Foundation
import Results
import Yams

/// `replay`: a trace file, read once here so a bad trace is a validation error.
extension PhaseParser {
    static let replayKinds: [(kind: String, parse: Parse)] = [
        ("replay", { body, path, context throws(WorkloadError) in .replay(try parseReplay(body, path, context.reader)) }),
    ]

    private static func parseReplay(_ body: Node, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> Phase.Replay {
        let fields = try reader.mapping(body, path, allowed: ["file", "format", "timing", "speedup", "duration"], required: ["file"])
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
        let operations: [TraceOperation]
        do throws(TraceReader.Problem) {
            operations = try TraceReader.read(file, format: format)
        } catch {
            throw reader.error(fileNode, "\(path).file", "\(relative): \(error)")
        }
        if case .paced(let speedup) = timing, let span = operations.map(\.time).max(), span / speedup > Limits.duration.upperBound {
            throw reader.error(fileNode, "\(path).file", "\(relative) spans \(NumberText.plain(span))s: replayed at its original timing "
                               + "(speedup \(NumberText.plain(speedup))) it would run over a day; raise speedup or use timing: afap")
        }
        let duration = try fields["duration"].map { node throws(WorkloadError) in try reader.duration(node, "\(path).duration", in: Limits.phaseDuration) }
        return Phase.Replay(file: file, format: format, timing: timing, duration: duration)
    }

    /// A path as written in the workload file, relative to that file's directory.
    static func resolve(_ relative: String, against workloadFile: String) -> String {
        let base = (workloadFile as NSString).deletingLastPathComponent
        let joined = relative.hasPrefix("/") || base.isEmpty ? relative : (base as NSString).appendingPathComponent(relative)
        return (joined as NSString).standardizingPath
    }
}
