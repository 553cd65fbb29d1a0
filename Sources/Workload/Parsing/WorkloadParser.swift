import Foundation
import Results
import Yams

/// Reads workload files (YAML, schema version 1) into validated `Workload` plans. Every error is
/// a `WorkloadError` located at the offending node. Stateless; any thread may call.
public enum WorkloadParser {
    public static let supportedVersion = 1

    /// Reads and parses `path`. Missing or unreadable files are reported at `path:1:1`.
    public static func parse(fileAt path: String) throws(WorkloadError) -> Workload {
        try parse(try readFile(path), file: path)
    }

    /// A file's text, or an error at `path:1:1` saying why it cannot be had.
    static func readFile(_ path: String) throws(WorkloadError) -> String {
        do throws(TextFile.Failure) {
            return try TextFile.read(path, limit: Limits.workloadFileBytes)
        } catch {
            throw WorkloadError(file: path, line: 1, column: 1, path: "", message: error.message)
        }
    }

    /// The document's root node; YAML errors located at their mark. Composing runs on a thread
    /// of its own, given `Limits.composeSeconds`: an alias bomb (anchors whose aliases expand to
    /// billions of nodes, used as a mapping key) would otherwise spin for hours inside Yams.
    static func compose(_ text: String, file: String) throws(WorkloadError) -> Node {
        let outcome = BoundedCompose.run(text, seconds: Limits.composeSeconds)
        switch outcome {
        case .composed(let node?): return node
        case .composed(nil): throw WorkloadError(file: file, line: 1, column: 1, path: "", message: "the file is empty")
        case .failed(let error): throw yamlError(error, file: file, text: text)
        case .timedOut:
            throw WorkloadError(file: file, line: 1, column: 1, path: "",
                                message: "the YAML did not compose within \(NumberText.plain(Limits.composeSeconds))s "
                                    + "(anchors and aliases that expand without bound?)")
        }
    }

    /// A file's workloads: one per point of its `matrix:` (one when it has none), each read with
    /// `overrides` applied; every point is read, and each error names its point.
    public static func parseAll(fileAt path: String, overrides: [WorkloadOverride] = []) -> (workloads: [Workload], errors: [WorkloadError]) {
        do throws(WorkloadError) {
            return parseAll(try readFile(path), file: path, overrides: overrides)
        } catch {
            return ([], [error])
        }
    }

    public static func parseAll(_ text: String, file: String, overrides: [WorkloadOverride] = []) -> (workloads: [Workload], errors: [WorkloadError]) {
        let reader = NodeReader(file: file)
        do throws(WorkloadError) {
            let (root, matrix) = try document(text, file: file, overrides: overrides)
            guard let matrix else { return ([try build(MatrixParser.substitute(root, nil, reader, ""), text, file, overrides, nil)], []) }
            var workloads: [Workload] = []
            var errors: [WorkloadError] = []
            let points = try MatrixParser.points(matrix, reader)
            for point in points {
                do throws(WorkloadError) {
                    workloads.append(try build(MatrixParser.substitute(root, point, reader, ""), text, file, overrides, point))
                } catch {
                    var located = error
                    located.message += " (matrix point \(point.assignments.map { "\($0.parameter)=\($0.value)" }.joined(separator: ", ")))"
                    errors.append(located)
                }
            }
            if errors.isEmpty { try MatrixParser.checkReferenced(points, matrix: matrix, in: root, reader) }
            return (workloads, errors)
        } catch {
            return ([], [error])
        }
    }

    /// One workload: the file's only one, or its matrix point `point` (as the child process
    /// reads the workload it was given).
    public static func parse(_ text: String, file: String, overrides: [WorkloadOverride] = [],
                             point: MatrixPoint? = nil) throws(WorkloadError) -> Workload {
        let reader = NodeReader(file: file)
        let (root, matrix) = try document(text, file: file, overrides: overrides)
        guard let matrix else {
            if point != nil { throw reader.error(root, "matrix", "a matrix point was asked for, but the workload has no matrix") }
            return try build(MatrixParser.substitute(root, nil, reader, ""), text, file, overrides, nil)
        }
        let points = try MatrixParser.points(matrix, reader)
        guard let point, points.contains(point) else {
            throw reader.error(matrix, "matrix", point.map { "the matrix has no point \($0.label)" } ?? "the workload has a matrix of \(points.count) points; read them all")
        }
        return try build(MatrixParser.substitute(root, point, reader, ""), text, file, overrides, point)
    }

    /// The composed document with the overrides applied, and its `matrix:` taken out of it.
    private static func document(_ text: String, file: String, overrides: [WorkloadOverride]) throws(WorkloadError) -> (root: Node, matrix: Node?) {
        var root = try compose(text, file: file)
        for override in overrides { root = try override.apply(to: root, file: file) }
        guard let mapping = root.mapping, let entry = mapping.first(where: { $0.key.string == "matrix" }) else { return (root, nil) }
        let rest = mapping.filter { $0.key.string != "matrix" }.map { ($0.key, $0.value) }
        return (.mapping(Node.Mapping(rest, mapping.tag, mapping.style, mapping.mark)), entry.value)
    }

    private static func build(_ root: Node, _ text: String, _ file: String, _ overrides: [WorkloadOverride],
                              _ point: MatrixPoint?) throws(WorkloadError) -> Workload {
        let reader = NodeReader(file: file)
        let top = try reader.mapping(root, "", allowed: ["version", "name", "seed", "engine", "dataset", "phases", "repetitions", "thresholds",
                                                         "gate", "advisory", "metrics", "default_suite", "tags", "matrix"],
                                     required: ["version", "name", "dataset", "phases"], extensions: true)
        let version = try reader.count(top["version"]!, "version", example: "1")
        guard version == supportedVersion else {
            throw reader.error(top["version"], "version", "unsupported schema version \(version); this kvbench reads version \(supportedVersion)")
        }
        let name = try parseName(top["name"]!, reader)
        let seed = try top["seed"].map { node throws(WorkloadError) in UInt64(try reader.count(node, "seed", example: "42", in: 0...Int.max)) } ?? 42
        let engine = try top["engine"].map { node throws(WorkloadError) in try EngineSettingsParser.parse(node, reader) } ?? EngineSettings()
        let dataset = try parseDataset(top["dataset"]!, reader)
        let phases = try PhaseParser.parse(top["phases"]!, reader, engine: engine)
        let repetitions = try top["repetitions"].map { node throws(WorkloadError) in try parseRepetitions(node, reader) } ?? Repetitions()
        var workload = Workload(version: version, name: name, seed: seed, engine: engine, dataset: dataset, phases: phases,
                                repetitions: repetitions, sourcePath: file, sourceText: text)
        if let node = top["thresholds"] { workload.thresholds = try ThresholdsParser.parse(node, "thresholds", reader) }
        if let node = top["gate"] { workload.gate.gated = try ThresholdsParser.parsePatterns(node, "gate", reader) }
        if let node = top["advisory"] { workload.gate.advisory = try ThresholdsParser.parsePatterns(node, "advisory", reader) }
        if let node = top["default_suite"] { workload.inDefaultSuite = try reader.bool(node, "default_suite") }
        if let node = top["tags"] { workload.tags = try parseTags(node, reader) }
        workload.overrides = overrides
        if let point {
            workload.sweepName = name
            workload.matrixPoint = point
            workload.name = "\(name)@\(point.label)"
            guard workload.name.utf8.count <= Limits.pointNameBytes else {
                throw reader.error(top["name"], "name", "the point's result set would be named '\(workload.name)', over \(Limits.pointNameBytes) bytes; "
                                   + "shorten the name, the parameters or their values")
            }
        }
        if let node = top["metrics"] {
            let metrics = try reader.mapping(node, "metrics", allowed: ["interval"])
            if let interval = metrics["interval"] {
                workload.sampleInterval = try reader.duration(interval, "metrics.interval", in: Limits.sampleInterval)
            }
        }
        return workload
    }

    /// `tags: [memory, dcp]`: lower-case words `--tag` selects by.
    static func parseTags(_ node: Node, _ reader: NodeReader) throws(WorkloadError) -> [String] {
        try reader.sequence(node, "tags").enumerated().map { index, element throws(WorkloadError) in
            let tag = try reader.string(element, "tags[\(index)]")
            guard let first = tag.first, first.isLowercase || first.isNumber,
                  tag.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || "-_".contains($0)) }) else {
                throw reader.error(element, "tags[\(index)]", "tags use lower-case ASCII letters, digits, '-' and '_', got '\(tag)'")
            }
            return tag
        }
    }

    /// A workload's name is the directory its results go in, beside the commit's `index.html`:
    /// ASCII letters, digits, `-`, `_` and `.`, starting with a letter or digit, at most
    /// `Limits.nameBytes`, and not ending like a file kvbench writes there.
    static func parseName(_ node: Node, _ reader: NodeReader) throws(WorkloadError) -> String {
        let name = try reader.string(node, "name")
        guard let first = name.first, first.isASCII && (first.isLetter || first.isNumber),
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw reader.error(node, "name", "use ASCII letters, digits, '-', '_' or '.', starting with a letter or digit "
                               + "(it names the results directory), got '\(name)'")
        }
        guard name.utf8.count <= Limits.nameBytes else {
            throw reader.error(node, "name", "at most \(Limits.nameBytes) characters (it names the results directory), got \(name.utf8.count)")
        }
        for reserved in [".html", ".json", ".csv", ".svg", ".tmp", ".lock"] where name.lowercased().hasSuffix(reserved) {
            throw reader.error(node, "name", "a name ending in \(reserved) would collide with the files kvbench writes beside it")
        }
        return name
    }

    static func parseDataset(_ node: Node, _ reader: NodeReader) throws(WorkloadError) -> Dataset {
        let fields = try reader.mapping(node, "dataset", allowed: ["items", "key", "value", "ttl"], required: ["items"])
        let items = try reader.count(fields["items"]!, "dataset.items", in: Limits.items)
        var pattern = KeyPattern("key:%08d")!
        var order = Dataset.KeyOrder.ordered
        if let keyNode = fields["key"] {
            let key = try reader.mapping(keyNode, "dataset.key", allowed: ["pattern", "order"])
            if let patternNode = key["pattern"] {
                let text = try reader.string(patternNode, "dataset.key.pattern")
                guard let parsed = KeyPattern(text) else {
                    throw reader.error(patternNode, "dataset.key.pattern", "expected one integer conversion such as \"key:%08d\" or \"user%x\", got '\(text)'")
                }
                guard parsed.maximumLength(below: items) <= Limits.keyBytes else {
                    throw reader.error(patternNode, "dataset.key.pattern", "makes keys of up to \(parsed.maximumLength(below: items)) bytes; "
                                       + "keys are limited to \(Limits.keyBytes) bytes")
                }
                pattern = parsed
            }
            if let orderNode = key["order"] {
                order = Dataset.KeyOrder(rawValue: try reader.choice(orderNode, "dataset.key.order", among: ["ordered", "hashed"]))!
            }
        }
        var valueSize = ValueSize.fixed(1024)
        var compressibility = 0.0
        if let valueNode = fields["value"] {
            let value = try reader.mapping(valueNode, "dataset.value", allowed: ["size", "compressibility"], required: ["size"])
            valueSize = try parseValueSize(value["size"]!, "dataset.value.size", reader)
            if let node = value["compressibility"] {
                compressibility = try reader.fraction(node, "dataset.value.compressibility")
            }
        }
        let ttl = try fields["ttl"].map { node throws(WorkloadError) in UInt32(try reader.duration(node, "dataset.ttl", in: Limits.ttl)) } ?? 0
        return Dataset(items: items, keyPattern: pattern, valueSize: valueSize, keyOrder: order, compressibility: compressibility, ttl: ttl)
    }

    /// `1KiB`, `{uniform: [64B, 4KiB]}` or `{weighted: {256: 70, 4096: 30}}` (percent weights summing to 100).
    static func parseValueSize(_ node: Node, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> ValueSize {
        let limit = 20 << 20
        func checked(_ size: Int, _ at: Node) throws(WorkloadError) -> Int {
            guard size <= limit else { throw reader.error(at, path, "values are limited to 20MiB (memcached's item size limit)") }
            return size
        }
        if node.scalar != nil { return .fixed(try checked(try reader.size(node, path), node)) }
        let forms = try reader.mapping(node, path, allowed: ["uniform", "weighted"])
        guard forms.count == 1 else { throw reader.error(node, path, "give one of uniform: [min, max] or weighted: {size: percent, …}") }
        if let uniform = forms["uniform"] {
            let bounds = try reader.sequence(uniform, "\(path).uniform")
            guard bounds.count == 2 else { throw reader.error(uniform, "\(path).uniform", "expected [min, max]") }
            let low = try checked(try reader.size(bounds[0], "\(path).uniform[0]"), bounds[0])
            let high = try checked(try reader.size(bounds[1], "\(path).uniform[1]"), bounds[1])
            guard low <= high else { throw reader.error(uniform, "\(path).uniform", "min \(low) is above max \(high)") }
            return .uniform(low, high)
        }
        let weightedNode = forms["weighted"]!
        guard let mapping = weightedNode.mapping, !mapping.isEmpty else {
            throw reader.error(weightedNode, "\(path).weighted", "expected a mapping of sizes to percentages")
        }
        var choices: [(size: Int, weight: Int)] = []
        for (sizeNode, weightNode) in mapping {
            let size = try checked(try reader.size(sizeNode, "\(path).weighted"), sizeNode)
            let weight = try reader.count(weightNode, "\(path).weighted.\(sizeNode.string ?? "")", example: "70", in: 0...100)
            choices.append((size, weight))
        }
        let total = choices.reduce(0) { $0 + $1.weight }
        guard total == 100 else { throw reader.error(weightedNode, "\(path).weighted", "percentages must sum to 100, they sum to \(total)") }
        return .weighted(choices.map { ValueSize.Choice(size: $0.size, weight: $0.weight) })
    }

    static func parseRepetitions(_ node: Node, _ reader: NodeReader) throws(WorkloadError) -> Repetitions {
        let fields = try reader.mapping(node, "repetitions", allowed: ["count", "warmup"])
        let count = try fields["count"].map { node throws(WorkloadError) in try reader.count(node, "repetitions.count", example: "5", in: Limits.repetitions) } ?? 3
        let warmup = try fields["warmup"].map { node throws(WorkloadError) in try reader.count(node, "repetitions.warmup", example: "1", in: Limits.warmup) } ?? 0
        return Repetitions(count: count, warmup: warmup)
    }

    /// Yams reports a duplicate key where it first appears; the repetition is what to fix: the
    /// next block-mapping line with the same key at the same column.
    static func repetition(of key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line >= 1, first.line <= lines.count else { return nil }
        for (offset, line) in lines.enumerated().dropFirst(first.line) {
            let indent = line.prefix { $0 == " " }.count
            guard indent + 1 == first.column else { continue }
            let rest = line.dropFirst(indent)
            if rest.hasPrefix(key), rest.dropFirst(key.count).drop(while: { $0 == " " }).hasPrefix(":") {
                return (offset + 1, first.column)
            }
        }
        return nil
    }

    static func yamlError(_ error: Error, file: String, text: String) -> WorkloadError {
        func located(_ mark: Mark?, _ message: String) -> WorkloadError {
            WorkloadError(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, path: "", message: message)
        }
        switch error {
        case YamlError.scanner(let context, let problem, let mark, _),
             YamlError.parser(let context, let problem, let mark, _),
             YamlError.composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text); " } ?? ""
            let hint = text.contains("${") ? " (a ${parameter} inside {…} or […] must be quoted: \"${parameter}\")" : ""
            return located(mark, "invalid YAML: \(prefix)\(problem)\(hint)")
        case YamlError.duplicatedKeysInMapping(let duplicates, let context):
            let first = context.mark
            let message = "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in a mapping"
            guard let key = duplicates.first, let repeated = repetition(of: key, after: first, in: text) else { return located(first, message) }
            return WorkloadError(file: file, line: repeated.line, column: repeated.column, path: "", message: message + " (first at line \(first.line))")
        case YamlError.reader(let problem, _, _, _):
            return located(nil, "cannot read the file as YAML: \(problem)")
        default:
            return located(nil, "invalid YAML: \(error)")
        }
    }
}
