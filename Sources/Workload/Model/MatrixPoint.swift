/// One point of a workload's `matrix:` grid: a value for each parameter, in the order the matrix
/// declares them. A point is a workload of its own, named `<workload>@<label>`, so its results
/// are a result set like any other and compare and gate across commits on their own.
public struct MatrixPoint: Sendable, Hashable, Codable {
    public struct Assignment: Sendable, Hashable, Codable {
        public var parameter: String
        /// As written in the matrix (`64B`, `true`, `0.5`): what `${parameter}` becomes.
        public var value: String

        public init(parameter: String, value: String) {
            self.parameter = parameter
            self.value = value
        }
    }

    public var assignments: [Assignment]
    /// Its position in the grid before exclusions (the first parameter varies slowest): the
    /// order the matrix declares, which pages keep for values that are not numbers.
    public var index: Int

    public init(_ assignments: [Assignment], index: Int = 0) {
        self.assignments = assignments
        self.index = index
    }

    /// `value_size=64B+key_length=16`: the point's part of its result set's directory name, each
    /// value with any character other than ASCII letters, digits, `.`, `-` and `_` made `_`.
    /// `+` joins them, not `,`, so the name needs no quoting in CSV files or shells.
    public var label: String {
        assignments.map { "\($0.parameter)=\(Self.directorySafe($0.value))" }.joined(separator: "+")
    }

    public subscript(parameter: String) -> String? { assignments.first { $0.parameter == parameter }?.value }

    static func directorySafe(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
    }
}
