import Results

/// Recursive descent over the expression grammar:
/// `expr := term (("+"|"-") term)*`, `term := factor (("*"|"/") factor)*`,
/// `factor := number[unit] | name | "(" expr ")" | "-" factor`. Parentheses and negations nest
/// at most `Limits.expressionDepth` deep, which bounds the recursion (and the evaluator's).
struct ExpressionParser {
    private let characters: [Character]
    private(set) var offset = 0
    private var depth = 0

    init(text: String) { characters = Array(text) }

    mutating func expression() throws(ExpressionError) -> Expression {
        var result = try term()
        while let op = peekOperator(in: "+-") {
            offset += 1
            result = .binary(op, result, try term())
        }
        return result
    }

    mutating func comparison() -> WaitCondition.Comparison? {
        skipSpaces()
        for candidate in ["<=", ">=", "==", "!=", "<", ">"] where matches(candidate) {
            offset += candidate.count
            return WaitCondition.Comparison(rawValue: candidate)
        }
        return nil
    }

    mutating func expectEnd() throws(ExpressionError) {
        skipSpaces()
        guard offset == characters.count else {
            throw ExpressionError(offset: offset, message: "unexpected '\(String(characters[offset...]))' after the comparison")
        }
    }

    private mutating func term() throws(ExpressionError) -> Expression {
        var result = try factor()
        while let op = peekOperator(in: "*/") {
            offset += 1
            result = .binary(op, result, try factor())
        }
        return result
    }

    private mutating func factor() throws(ExpressionError) -> Expression {
        skipSpaces()
        guard offset < characters.count else { throw ExpressionError(offset: offset, message: "expected a number, a name or '(' at the end") }
        let character = characters[offset]
        if character == "(" || character == "-" {
            guard depth < Limits.expressionDepth else {
                throw ExpressionError(offset: offset, message: "nested more than \(Limits.expressionDepth) levels deep")
            }
            depth += 1
            defer { depth -= 1 }
            offset += 1
            if character == "-" { return .negate(try factor()) }
            let inner = try expression()
            skipSpaces()
            guard offset < characters.count, characters[offset] == ")" else { throw ExpressionError(offset: offset, message: "expected ')'") }
            offset += 1
            return inner
        }
        if character.isNumber || character == "." {
            let start = offset
            while offset < characters.count, characters[offset].isNumber || characters[offset] == "." || characters[offset] == "_" { offset += 1 }
            while offset < characters.count, characters[offset].isLetter { offset += 1 }
            let literal = String(characters[start..<offset])
            if let size = Quantity.size(literal) { return .number(Double(size)) }
            if let count = Quantity.count(literal) { return .number(Double(count)) }
            if let number = Double(literal) { return .number(number) }
            throw ExpressionError(offset: start, message: "'\(literal)' is not a number, size (128MiB) or count (10k)")
        }
        if character.isLetter || character == "_" {
            let start = offset
            while offset < characters.count, characters[offset].isLetter || characters[offset].isNumber || characters[offset] == "_" { offset += 1 }
            let name = String(characters[start..<offset])
            guard let gauge = Gauge(rawValue: name) else {
                let known = Gauge.allCases.map(\.rawValue).sorted()
                let hint = Suggestion.closest(to: name, among: known).map { " (did you mean '\($0)'?)" } ?? ""
                throw ExpressionError(offset: start, message: "unknown name '\(name)'\(hint); known: \(known.joined(separator: ", "))")
            }
            return .gauge(gauge)
        }
        throw ExpressionError(offset: offset, message: "unexpected '\(character)'")
    }

    private mutating func peekOperator(in set: String) -> Character? {
        skipSpaces()
        guard offset < characters.count, set.contains(characters[offset]) else { return nil }
        return characters[offset]
    }

    private func matches(_ text: String) -> Bool {
        let candidate = Array(text)
        guard offset + candidate.count <= characters.count else { return false }
        return Array(characters[offset..<offset + candidate.count]) == candidate
    }

    private mutating func skipSpaces() {
        while offset < characters.count, characters[offset] == " " { offset += 1 }
    }
}
