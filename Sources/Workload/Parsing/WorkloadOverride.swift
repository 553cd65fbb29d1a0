import Yams

/// `--set path=value`: one scalar of a workload replaced before it is read, so the value is
/// checked like one written in the file. Paths are the ones errors print (`engine.quota`,
/// `phases[2].mutate.ops`); a missing last key of an existing mapping is added.
public struct WorkloadOverride: Sendable, Hashable, Codable, CustomStringConvertible {
    public var path: String
    public var value: String

    /// Parses `path=value`; nil with the reason when it is not one.
    public init(parsing text: String) throws(WorkloadError) {
        guard let equals = text.firstIndex(of: "=") else {
            throw Self.usage(text, "expected path=value, e.g. engine.quota=256MiB")
        }
        path = String(text[..<equals])
        value = String(text[text.index(after: equals)...])
        guard (try? Self.components(path)) != nil else {
            throw Self.usage(text, "'\(path)' is not a path such as engine.quota or phases[2].mutate.ops")
        }
    }

    public var description: String { "\(path)=\(value)" }

    enum Component: Equatable {
        case key(String)
        case index(Int)
    }

    private struct Malformed: Error {}

    /// `phases[2].mutate` → key phases, index 2, key mutate.
    private static func components(_ path: String) throws(Malformed) -> [Component] {
        var components: [Component] = []
        for segment in path.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(segment)
            let key = rest.prefix { $0 != "[" }
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { throw Malformed() }
            components.append(.key(String(key)))
            rest = rest.dropFirst(key.count)
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]),
                      index >= 0 else { throw Malformed() }
                components.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
        }
        return components
    }

    private static func usage(_ text: String, _ message: String) -> WorkloadError {
        WorkloadError(file: "--set", line: 1, column: 1, path: "", message: "'\(text)': \(message)")
    }

    /// `root` with this override applied; an error located at the node where the path stops.
    func apply(to root: Node, file: String) throws(WorkloadError) -> Node {
        let components = (try? Self.components(path)) ?? []
        return try replace(root, components[...], file: file)
    }

    private func replace(_ node: Node, _ components: ArraySlice<Component>, file: String) throws(WorkloadError) -> Node {
        func failure(_ message: String) -> WorkloadError {
            WorkloadError(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, path: path, message: "--set \(self): \(message)")
        }
        guard let component = components.first else {
            guard node.scalar != nil else { throw failure("replaces a single value; this is a mapping or a list") }
            return .scalar(Node.Scalar(value, .implicit, .plain, node.mark))
        }
        switch component {
        case .key(let key):
            guard var mapping = node.mapping else { throw failure("'\(key)' is not a key here: not a mapping") }
            if let index = mapping.firstIndex(where: { $0.key.string == key }) {
                mapping[index].value = try replace(mapping[index].value, components.dropFirst(), file: file)
                return .mapping(mapping)
            }
            guard components.count == 1 else { throw failure("no key '\(key)' here") }
            let pairs = mapping.map { ($0.key, $0.value) } + [(Node.scalar(Node.Scalar(key, .implicit, .plain, node.mark)),
                                                                Node.scalar(Node.Scalar(value, .implicit, .plain, node.mark)))]
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        case .index(let index):
            guard var sequence = node.sequence else { throw failure("[\(index)] needs a list here") }
            guard index < sequence.count else { throw failure("the list has \(sequence.count) elements, [\(index)] is past its end") }
            sequence[index] = try replace(sequence[index], components.dropFirst(), file: file)
            return .sequence(sequence)
        }
    }
}
