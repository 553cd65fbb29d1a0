/// The condition of a `wait` phase: `<expression> <comparison> <expression>` over engine gauges
/// (`mem_used <= 0.85 * quota`). Numbers may carry a size or count suffix (`128MiB`, `10k`).
/// Parsed and checked when the workload is read; evaluated by the runner against live figures.
public struct WaitCondition: Sendable, Equatable, CustomStringConvertible {
    /// The gauges a condition may name; the runner provides each of them.
    public static let variables: [String: String] = [
        "mem_used": "bytes the bucket uses (allocator-measured under jemalloc)",
        "quota": "the bucket quota in force (max_size)",
        "high_wat": "the high watermark in force",
        "low_wat": "the low watermark in force",
        "checkpoint_memory": "checkpoint memory (engine estimate)",
        "checkpoint_quota": "quota × checkpoint_memory_ratio",
        "checkpoint_items": "items (mutations and meta items) held in checkpoints",
        "checkpoint_memory_pending_destruction": "bytes of removed checkpoints the destroyer task has not freed yet",
        "persistence_lag": "mutations not yet persisted, summed over vBuckets",
        "values_evicted": "values ejected by the item pager so far",
        "items_evicted": "items ejected by the item pager so far",
        "tmp_oom_errors": "writes refused with a temporary failure so far",
        "oom_errors": "writes refused as out of memory so far",
        "quota_change_in_progress": "1 while a quota decrease waits for memory, else 0",
    ]

    public enum Comparison: String, Sendable, CaseIterable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="
    }

    public let text: String
    let left: Expression
    let comparison: Comparison
    let right: Expression

    public var description: String { text }

    /// Parses `text`; a problem is reported with the character offset it was found at.
    public static func parse(_ text: String) throws(ExpressionError) -> WaitCondition {
        var parser = ExpressionParser(text: text)
        let left = try parser.expression()
        guard let comparison = parser.comparison() else {
            throw ExpressionError(offset: parser.offset, message: "expected a comparison (<, <=, >, >=, ==, !=) after '\(text.prefix(parser.offset).trimmingTrailingSpaces)'")
        }
        let right = try parser.expression()
        try parser.expectEnd()
        return WaitCondition(text: text, left: left, comparison: comparison, right: right)
    }

    /// Every variable the condition names.
    public var variableNames: Set<String> { left.variables.union(right.variables) }

    public func evaluate(_ value: (String) -> Double) -> Bool {
        let l = left.evaluate(value), r = right.evaluate(value)
        switch comparison {
        case .less: return l < r
        case .lessOrEqual: return l <= r
        case .greater: return l > r
        case .greaterOrEqual: return l >= r
        case .equal: return l == r
        case .notEqual: return l != r
        }
    }
}

/// A problem in an expression, at a character offset into it.
public struct ExpressionError: Error, Sendable, Equatable {
    public var offset: Int
    public var message: String
}

indirect enum Expression: Sendable, Equatable {
    case number(Double)
    case variable(String)
    case negate(Expression)
    case binary(Character, Expression, Expression)

    func evaluate(_ value: (String) -> Double) -> Double {
        switch self {
        case .number(let number): return number
        case .variable(let name): return value(name)
        case .negate(let inner): return -inner.evaluate(value)
        case .binary(let op, let l, let r):
            let a = l.evaluate(value), b = r.evaluate(value)
            switch op {
            case "+": return a + b
            case "-": return a - b
            case "*": return a * b
            default: return a / b
            }
        }
    }

    var variables: Set<String> {
        switch self {
        case .number: return []
        case .variable(let name): return [name]
        case .negate(let inner): return inner.variables
        case .binary(_, let l, let r): return l.variables.union(r.variables)
        }
    }
}

extension StringProtocol {
    fileprivate var trimmingTrailingSpaces: String {
        var text = String(self)
        while text.last == " " { text.removeLast() }
        return text
    }
}
