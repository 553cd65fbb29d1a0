import Foundation
import Results
import Yams

/// The `matrix:` block — named parameters, each a list of values or a numeric range, and an
/// `exclude:` list — expanded into points, and `${parameter}` references replaced by a point's
/// values throughout the rest of the document. Substitution works on the composed nodes, so a
/// value keeps the line and column of the reference it replaced and a point's errors point there.
enum MatrixParser {
    /// Every point of the grid, in declaration order (the first parameter varies slowest), less
    /// the excluded ones.
    static func points(_ node: Node, _ reader: NodeReader) throws(WorkloadError) -> [MatrixPoint] {
        guard let mapping = node.mapping, !mapping.isEmpty else {
            throw reader.error(node, "matrix", "expected a mapping of parameters to lists, e.g. value_size: [64B, 1KiB]")
        }
        var parameters: [(name: String, values: [String])] = []
        var excludeNode: Node?
        for (keyNode, valueNode) in mapping {
            guard let name = keyNode.string else { throw reader.error(keyNode, "matrix", "parameter names must be plain strings") }
            if name == "exclude" {
                excludeNode = valueNode
                continue
            }
            guard let first = name.first, first.isASCII && (first.isLetter || first == "_"),
                  name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw reader.error(keyNode, "matrix.\(name)", "parameter names use ASCII letters, digits and '_', starting with a letter")
            }
            parameters.append((name, try values(valueNode, "matrix.\(name)", reader)))
        }
        guard !parameters.isEmpty else { throw reader.error(node, "matrix", "declare at least one parameter besides exclude") }
        var points = [MatrixPoint([])]
        for parameter in parameters {
            points = points.flatMap { point in
                parameter.values.map { MatrixPoint(point.assignments + [.init(parameter: parameter.name, value: $0)]) }
            }
            guard points.count <= Limits.matrixPoints else {
                throw reader.error(node, "matrix", "the grid has more than \(Limits.matrixPoints) points; split it or exclude some")
            }
        }
        if let excludeNode {
            let rules = try exclusions(excludeNode, parameters, reader)
            points.removeAll { point in rules.contains { rule in rule.allSatisfy { point[$0.key] == $0.value } } }
            guard !points.isEmpty else { throw reader.error(excludeNode, "matrix.exclude", "excludes every point of the grid") }
        }
        return points
    }

    /// A parameter's values: a list of distinct scalars, or `{from, to, step}` over numbers.
    private static func values(_ node: Node, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> [String] {
        if node.mapping != nil {
            let fields = try reader.mapping(node, path, allowed: ["from", "to", "step"], required: ["from", "to"])
            let from = try reader.double(fields["from"]!, "\(path).from", in: -1e12...1e12)
            let to = try reader.double(fields["to"]!, "\(path).to", in: from...1e12)
            let step = try fields["step"].map { node throws(WorkloadError) in try reader.double(node, "\(path).step", in: 1e-9...1e12) } ?? 1
            guard (to - from) / step < Double(Limits.matrixPoints) else {
                throw reader.error(node, path, "the range has more than \(Limits.matrixPoints) values")
            }
            return stride(from: from, through: to + step * 1e-9, by: step).map { NumberText.plain($0) }
        }
        let elements = try reader.sequence(node, path)
        guard !elements.isEmpty else { throw reader.error(node, path, "give at least one value") }
        var seen: Set<String> = []
        return try elements.enumerated().map { index, element throws(WorkloadError) in
            let value = try reader.string(element, "\(path)[\(index)]")
            guard seen.insert(value).inserted else { throw reader.error(element, "\(path)[\(index)]", "'\(value)' is listed twice") }
            return value
        }
    }

    /// `exclude:` — a list of partial points; a point matching every entry of one is left out.
    private static func exclusions(_ node: Node, _ parameters: [(name: String, values: [String])],
                                   _ reader: NodeReader) throws(WorkloadError) -> [[String: String]] {
        try reader.sequence(node, "matrix.exclude").enumerated().map { index, element throws(WorkloadError) in
            let path = "matrix.exclude[\(index)]"
            let fields = try reader.mapping(element, path, allowed: parameters.map(\.name))
            guard !fields.isEmpty else { throw reader.error(element, path, "name at least one parameter") }
            var rule: [String: String] = [:]
            for (name, valueNode) in fields {
                let value = try reader.string(valueNode, "\(path).\(name)")
                let allowed = parameters.first { $0.name == name }!.values
                guard allowed.contains(value) else {
                    throw reader.error(valueNode, "\(path).\(name)", "'\(value)' is not one of \(name)'s values (\(allowed.joined(separator: ", ")))")
                }
                rule[name] = value
            }
            return rule
        }
    }

    /// `node` with every `${parameter}` replaced by `point`'s value; a reference without a matrix
    /// or to an undeclared parameter is an error where it is written.
    static func substitute(_ node: Node, _ point: MatrixPoint?, _ reader: NodeReader, _ path: String) throws(WorkloadError) -> Node {
        switch node {
        case .scalar(let scalar):
            guard scalar.string.contains("${") else { return node }
            return .scalar(Node.Scalar(try interpolate(scalar.string, point, node, reader, path), .implicit, scalar.style, scalar.mark))
        case .mapping(var mapping):
            for index in mapping.indices {
                let key = mapping[index].key.string ?? ""
                mapping[index].value = try substitute(mapping[index].value, point, reader, reader.join(path, key))
            }
            return .mapping(mapping)
        case .sequence(var sequence):
            for index in sequence.indices { sequence[index] = try substitute(sequence[index], point, reader, "\(path)[\(index)]") }
            return .sequence(sequence)
        case .alias:
            return node
        }
    }

    private static func interpolate(_ text: String, _ point: MatrixPoint?, _ node: Node, _ reader: NodeReader,
                                     _ path: String) throws(WorkloadError) -> String {
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw reader.error(node, path, "'${' without a closing '}'")
            }
            let name = String(rest[start.upperBound..<end])
            guard let point else {
                throw reader.error(node, path, "'${\(name)}' refers to a matrix parameter, but the workload has no matrix")
            }
            guard let value = point[name] else {
                let declared = point.assignments.map(\.parameter)
                let hint = Suggestion.closest(to: name, among: declared).map { " (did you mean '\($0)'?)" } ?? ""
                throw reader.error(node, path, "'${\(name)}' is not a matrix parameter\(hint); declared: \(declared.joined(separator: ", "))")
            }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }
}
