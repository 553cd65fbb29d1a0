import Results
/// One problem in a workload file, located as `file:line:col: path: message` so editors and CI
/// logs can jump to it. `path` is the dotted/indexed route through the document
/// (`phases[2].mutate.ops`); empty for errors that are not about one value (e.g. YAML syntax).
public struct WorkloadError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var path: String
    public var message: String

    public init(file: String, line: Int, column: Int, path: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    public var description: String {
        TerminalText.printable(path.isEmpty ? "\(file):\(line):\(column): \(message)" : "\(file):\(line):\(column): \(path): \(message)")
    }
}
