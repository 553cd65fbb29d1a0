/// A printf-like key pattern with exactly one integer conversion (`%d`, `%08d`, `%x`, `%016x`),
/// e.g. `key:%08d`. Validated on creation; formatting allocates only the resulting string.
public struct KeyPattern: Sendable, Equatable {
    public let text: String
    private let prefix: String
    private let suffix: String
    private let width: Int
    private let hex: Bool

    public init?(_ text: String) {
        guard let percent = text.firstIndex(of: "%") else { return nil }
        var index = text.index(after: percent)
        var digits = ""
        while index < text.endIndex, text[index].isNumber {
            digits.append(text[index])
            index = text.index(after: index)
        }
        guard index < text.endIndex, text[index] == "d" || text[index] == "x" else { return nil }
        let rest = text[text.index(after: index)...]
        guard !rest.contains("%"), !text[..<percent].contains("%") else { return nil }
        self.text = text
        prefix = String(text[..<percent])
        suffix = String(rest)
        guard digits.count <= 4 else { return nil }
        width = Int(digits) ?? 0
        hex = text[index] == "x"
    }

    /// The longest key this pattern makes for indices below `count`, in bytes.
    public func maximumLength(below count: Int) -> Int {
        let digits = String(max(0, count - 1), radix: hex ? 16 : 10).count
        return prefix.utf8.count + suffix.utf8.count + max(width, digits)
    }

    public func key(_ index: Int) -> String {
        let number = String(index, radix: hex ? 16 : 10)
        let padding = width > number.count ? String(repeating: "0", count: width - number.count) : ""
        return prefix + padding + number + suffix
    }
}
