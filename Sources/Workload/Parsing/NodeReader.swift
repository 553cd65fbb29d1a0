import Results
import Yams

/// Walks a composed YAML node tree with the route to each value, so every complaint can say
/// `file:line:col: path: message`. Mappings are checked against the keys the schema allows,
/// which is what makes a misspelled key an error instead of a silently ignored setting.
struct NodeReader {
    let file: String

    func error(_ node: Node?, _ path: String, _ message: String) -> WorkloadError {
        WorkloadError(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, path: path, message: message)
    }

    /// The mapping's values by key, after rejecting keys outside `allowed` and missing `required` ones.
    /// `extensions`: also accept (and ignore) keys starting with `x-`, the home of YAML anchors
    /// reused elsewhere in the file (only at the top level).
    func mapping(_ node: Node, _ path: String, allowed: [String], required: [String] = [], extensions: Bool = false) throws(WorkloadError) -> [String: Node] {
        guard let mapping = node.mapping else {
            throw error(node, path, "expected a mapping with keys \(allowed.joined(separator: ", ")), got \(describe(node))")
        }
        var values: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw error(keyNode, path, "keys must be plain strings") }
            if extensions && key.hasPrefix("x-") { continue }
            guard allowed.contains(key) else {
                let hint = Suggestion.closest(to: key, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                throw error(keyNode, join(path, key), "unknown key '\(key)'\(hint); allowed: \(allowed.joined(separator: ", "))")
            }
            values[key] = value
        }
        for key in required where values[key] == nil {
            throw error(node, join(path, key), "required key '\(key)' is missing")
        }
        return values
    }

    func string(_ node: Node, _ path: String) throws(WorkloadError) -> String {
        guard let scalar = node.scalar else { throw error(node, path, "expected a string, got \(describe(node))") }
        return scalar.string
    }

    func count(_ node: Node, _ path: String, example: String = "500000 or \"500k\"", in range: ClosedRange<Int> = Limits.count)
        throws(WorkloadError) -> Int {
        let text = try string(node, path)
        guard let value = Quantity.count(text) else {
            throw error(node, path, "expected a count like \(example), got '\(text)'")
        }
        guard range.contains(value) else { throw error(node, path, "must be between \(range.lowerBound) and \(range.upperBound), got \(text)") }
        return value
    }

    func size(_ node: Node, _ path: String, in range: ClosedRange<Int> = Limits.size) throws(WorkloadError) -> Int {
        let text = try string(node, path)
        guard let value = Quantity.size(text) else {
            throw error(node, path, "expected a size like 512MiB, 1KiB or 4096, got '\(text)'")
        }
        guard range.contains(value) else {
            throw error(node, path, "must be between \(Quantity.formatSize(Double(range.lowerBound))) and "
                        + "\(Quantity.formatSize(Double(range.upperBound))), got '\(text)'")
        }
        return value
    }

    func duration(_ node: Node, _ path: String, in range: ClosedRange<Double> = Limits.duration) throws(WorkloadError) -> Double {
        let text = try string(node, path)
        guard let value = Quantity.duration(text) else {
            throw error(node, path, "expected a duration like 30s, 100ms or 2m, got '\(text)'")
        }
        guard range.contains(value) else {
            throw error(node, path, "must be between \(NumberText.plain(range.lowerBound))s and \(NumberText.plain(range.upperBound))s, got '\(text)'")
        }
        return value
    }

    /// A fraction written as a percentage (`20%`) or a number in [0, 1].
    func fraction(_ node: Node, _ path: String) throws(WorkloadError) -> Double {
        let text = try string(node, path)
        let value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
        guard let value, (0...1).contains(value) else {
            throw error(node, path, "expected a fraction like 20% or 0.2, got '\(text)'")
        }
        return value
    }

    func double(_ node: Node, _ path: String, in range: ClosedRange<Double>) throws(WorkloadError) -> Double {
        let text = try string(node, path)
        guard let value = Double(text) else { throw error(node, path, "expected a number, got '\(text)'") }
        guard range.contains(value) else {
            throw error(node, path, "must be between \(range.lowerBound) and \(range.upperBound), got \(text)")
        }
        return value
    }

    func bool(_ node: Node, _ path: String) throws(WorkloadError) -> Bool {
        let text = try string(node, path)
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(node, path, "expected true or false, got '\(text)'")
        }
    }

    func choice(_ node: Node, _ path: String, among choices: [String]) throws(WorkloadError) -> String {
        let text = try string(node, path)
        guard choices.contains(text) else {
            let hint = Suggestion.closest(to: text, among: choices).map { " (did you mean '\($0)'?)" } ?? ""
            throw error(node, path, "expected one of \(choices.joined(separator: ", ")), got '\(text)'\(hint)")
        }
        return text
    }

    func sequence(_ node: Node, _ path: String) throws(WorkloadError) -> [Node] {
        guard let sequence = node.sequence else { throw error(node, path, "expected a list, got \(describe(node))") }
        return Array(sequence)
    }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
