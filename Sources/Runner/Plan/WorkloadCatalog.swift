import Foundation
import Workload

/// `kvbench list`: every workload file under the given directories (recursively) with the first
/// line of its leading comment as a description.
public enum WorkloadCatalog {
    public static func list(_ roots: [String]) -> [(file: String, name: String, description: String)] {
        var entries: [(String, String, String)] = []
        for root in roots {
            guard let enumerator = FileManager.default.enumerator(atPath: root) else { continue }
            for case let relative as String in enumerator where relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                let path = (root as NSString).appendingPathComponent(relative)
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
                let description = text.split(separator: "\n").first { $0.hasPrefix("#") }
                    .map { $0.drop { $0 == "#" || $0 == " " } }.map(String.init) ?? ""
                let name = (try? WorkloadParser.parse(text, file: path).name) ?? "(invalid: run kvbench validate)"
                entries.append((path, name, description))
            }
        }
        return entries.sorted { $0.0 < $1.0 }
    }
}
