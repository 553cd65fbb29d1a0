import Yams

/// `wait`, `sleep` and `parallel`.
extension PhaseParser {
    static let controlKinds: [(kind: String, parse: Parse)] = [
        ("wait", { body, path, context throws(WorkloadError) in
            let fields = try context.reader.mapping(body, path, allowed: ["until", "timeout"], required: ["until"])
            return .control(.wait(until: try parseCondition(fields["until"]!, "\(path).until", context.reader),
                                  timeout: try context.timeout(fields, path, default: 300)))
        }),
        ("sleep", { body, path, context throws(WorkloadError) in .control(.sleep(seconds: try context.reader.duration(body, path))) }),
        ("parallel", { body, path, context throws(WorkloadError) in .control(.parallel(try parseBranches(body, path, context))) }),
    ]

    private static func parseCondition(_ node: Node, _ path: String, _ reader: NodeReader) throws(WorkloadError) -> WaitCondition {
        let text = try reader.string(node, path)
        do throws(ExpressionError) {
            return try WaitCondition.parse(text)
        } catch {
            // Point at the offending character when the expression sits on one line.
            var located = reader.error(node, path, error.message)
            if case .scalar(let scalar) = node, scalar.style == .plain { located.column += error.offset }
            throw located
        }
    }

    private static func parseBranches(_ body: Node, _ path: String, _ context: PhaseParsingContext) throws(WorkloadError) -> [[Phase]] {
        let branches = try context.reader.sequence(body, path)
        guard branches.count >= 2 else { throw context.reader.error(body, path, "give at least two branches, each a list of phases") }
        var parsed: [[Phase]] = []
        for (index, branch) in branches.enumerated() {
            let phases = try parseList(branch, "\(path)[\(index)]", context)
            if phases.contains(where: { $0.contains { if case .lifecycle(.restart) = $0 { true } else { false } } }) {
                throw context.reader.error(branch, "\(path)[\(index)]", "restart replaces the bucket under every branch: put it outside parallel")
            }
            parsed.append(phases)
        }
        return parsed
    }
}
