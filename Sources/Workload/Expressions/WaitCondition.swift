/// The condition of a `wait` phase: `<expression> <comparison> <expression>` over engine gauges
/// (`mem_used <= 0.85 * quota`). Numbers may carry a size or count suffix (`128MiB`, `10k`).
/// Parsed and checked when the workload is read; evaluated by the runner against live figures.
public struct WaitCondition: Sendable, Equatable, CustomStringConvertible {
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
        guard text.count <= Limits.expressionLength else {
            throw ExpressionError(offset: Limits.expressionLength, message: "longer than \(Limits.expressionLength) characters")
        }
        var parser = ExpressionParser(text: text)
        let left = try parser.expression()
        guard let comparison = parser.comparison() else {
            throw ExpressionError(offset: parser.offset, message: "expected a comparison (<, <=, >, >=, ==, !=) after '\(text.prefix(parser.offset).trimmingTrailingSpaces)'")
        }
        let right = try parser.expression()
        try parser.expectEnd()
        return WaitCondition(text: text, left: left, comparison: comparison, right: right)
    }

    /// Every gauge the condition names.
    public var gauges: Set<Gauge> { left.gauges.union(right.gauges) }

    public func evaluate(_ value: (Gauge) -> Double) -> Bool {
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
    case gauge(Gauge)
    case negate(Expression)
    case binary(Character, Expression, Expression)

    func evaluate(_ value: (Gauge) -> Double) -> Double {
        switch self {
        case .number(let number): return number
        case .gauge(let gauge): return value(gauge)
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

    var gauges: Set<Gauge> {
        switch self {
        case .number: return []
        case .gauge(let gauge): return [gauge]
        case .negate(let inner): return inner.gauges
        case .binary(_, let l, let r): return l.gauges.union(r.gauges)
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
