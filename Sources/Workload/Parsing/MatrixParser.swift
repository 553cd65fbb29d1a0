import Foundation
import Results
import Yams

/// The `matrix:` block — named parameters, each a list of values or a numeric range, and an
/// `exclude:` list — expanded into points, and `${parameter}` references replaced by a point's
/// values throughout the rest of the document. Substitution works on the composed nodes, so a
/// value keeps the line and column of the reference it replaced and a point's errors point there.
enum MatrixParser {
    /// Every point of the grid, in declaration order (the first parameter varies slowest), less
    /// the excluded ones; at most `Limits.matrixPoints` remain, each with a result-set name of
    /// its own.
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
        let size = parameters.reduce(1.0) { $0 * Double($1.values.count) }
        guard size <= Double(Limits.matrixGrid) else {
            throw reader.error(node, "matrix", "the grid has \(NumberText.plain(size)) points before exclusions, over \(Limits.matrixGrid); split it")
        }
        var points = [MatrixPoint([])]
        for parameter in parameters {
            points = points.flatMap { point in
                parameter.values.map { MatrixPoint(point.assignments + [.init(parameter: parameter.name, value: $0)]) }
            }
        }
        points = points.enumerated().map { MatrixPoint($1.assignments, index: $0) }
        if let excludeNode {
            let rules = try exclusions(excludeNode, parameters, reader)
            points.removeAll { point in rules.contains { rule in rule.allSatisfy { point[$0.key] == $0.value } } }
            guard !points.isEmpty else { throw reader.error(excludeNode, "matrix.exclude", "excludes every point of the grid") }
        }
        guard points.count <= Limits.matrixPoints else {
            throw reader.error(node, "matrix", "the grid has \(points.count) points, over \(Limits.matrixPoints); split it or exclude some")
        }
        try checkLabels(points, node, reader)
        return points
    }

    /// Two points whose values differ only in characters a directory name cannot hold would
    /// share a result set.
    private static func checkLabels(_ points: [MatrixPoint], _ node: Node, _ reader: NodeReader) throws(WorkloadError) {
        var seen: [String: MatrixPoint] = [:]
        for point in points {
            if let other = seen[point.label] {
                let differing = zip(point.assignments, other.assignments).filter { $0.value != $1.value }
                    .map { "\($0.parameter): '\($1.value)' and '\($0.value)'" }
                throw reader.error(node, "matrix", "\(differing.joined(separator: ", ")) give the same result-set name '\(point.label)'; "
                                   + "use values that differ in ASCII letters, digits, '.', '-' or '_'")
            }
            seen[point.label] = point
        }
    }

    /// A parameter's values: a list of distinct scalars, or `{from, to, step}` over numbers.
    private static func values(_ node: Node, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> [String] {
        if node.mapping != nil {
            let fields = try reader.mapping(node, path, allowed: ["from", "to", "step"], required: ["from", "to"])
            let from = try reader.double(fields["from"]!, "\(path).from", in: -1e12...1e12)
            let to = try reader.double(fields["to"]!, "\(path).to", in: from...1e12)
            let step = try fields["step"].map { node throws(WorkloadError) in try reader.double(node, "\(path).step", in: 1e-9...1e12) } ?? 1
            guard (to - from) / step < Double(Limits.matrixGrid) else {
                throw reader.error(node, path, "the range has more than \(Limits.matrixGrid) values")
            }
            let values = stride(from: from, through: to + step * 1e-9, by: step).map { NumberText.plain($0) }
            guard Set(values).count == values.count else {
                throw reader.error(node, path, "the step is too small for its values to print differently (\(values.prefix(3).joined(separator: ", ")), …)")
            }
            return values
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

    /// A parameter no `${parameter}` refers to would run the same workload once per value.
    static func checkReferenced(_ points: [MatrixPoint], matrix: Node, in root: Node, _ reader: NodeReader) throws(WorkloadError) {
        var text: [String] = []
        func collect(_ node: Node) {
            switch node {
            case .scalar(let scalar): text.append(scalar.string)
            case .mapping(let mapping): mapping.forEach { collect($0.key); collect($0.value) }
            case .sequence(let sequence): sequence.forEach(collect)
            case .alias: break
            }
        }
        collect(root)
        for assignment in points.first?.assignments ?? [] where !text.contains(where: { $0.contains("${\(assignment.parameter)}") }) {
            let key = matrix.mapping?.first { $0.key.string == assignment.parameter }?.key
            throw reader.error(key ?? matrix, "matrix.\(assignment.parameter)",
                               "no ${\(assignment.parameter)} refers to it, so every value would run the same workload")
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
