import Foundation
import Workload

/// `kvbench list`: every workload file under the given directories (recursively) with the first
/// line of its leading comment as a description, its tags and its matrix's size.
public enum WorkloadCatalog {
    public struct Entry: Sendable {
        public var file: String
        /// The file's `name:`, or a pointer to `kvbench validate` when it does not parse.
        public var name: String
        public var description: String
        public var tags: [String]
        /// Points of its `matrix:`; nil without one.
        public var points: Int?
    }

    public static func list(_ roots: [String]) -> [Entry] {
        var entries: [Entry] = []
        for root in roots {
            guard let enumerator = FileManager.default.enumerator(atPath: root) else { continue }
            for case let relative as String in enumerator where relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                let path = (root as NSString).appendingPathComponent(relative)
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
                let description = text.split(separator: "\n").first { $0.hasPrefix("#") }
                    .map { $0.drop { $0 == "#" || $0 == " " } }.map(String.init) ?? ""
                let parsed = WorkloadParser.parseAll(text, file: path)
                guard parsed.errors.isEmpty, let first = parsed.workloads.first else {
                    entries.append(Entry(file: path, name: "(invalid: run kvbench validate)", description: description, tags: [], points: nil))
                    continue
                }
                entries.append(Entry(file: path, name: first.sweepName ?? first.name, description: description, tags: first.tags,
                                     points: first.matrixPoint == nil ? nil : parsed.workloads.count))
            }
        }
        return entries.sorted { $0.file < $1.file }
    }
}
