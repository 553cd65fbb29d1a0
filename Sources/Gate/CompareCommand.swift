import Foundation
import Results

/// `kvbench compare` and `kvbench gate` after argument parsing: locate both result sets, compare,
/// print in the chosen format, optionally write a Markdown summary, and decide the exit code.
public struct CompareCommand: Sendable {
    public var base: String
    public var candidate: String
    public var resultsRoot: String
    public var thresholds: [String: Threshold]
    public var format: String
    public var summaryFile: String?
    public var strict: Bool

    public init(base: String, candidate: String, resultsRoot: String, thresholds: [String: Threshold], format: String,
                summaryFile: String?, strict: Bool) {
        self.base = base
        self.candidate = candidate
        self.resultsRoot = resultsRoot
        self.thresholds = thresholds
        self.format = format
        self.summaryFile = summaryFile
        self.strict = strict
    }

    /// Returns the exit status. For `compare` (gate: false) only errors are non-zero.
    public func run(gate: Bool) -> ExitStatus {
        guard let formatter = ComparisonFormats.named(format) else {
            FileHandle.standardError.write(Data("error: unknown format '\(format)'; use one of \(ComparisonFormats.names.joined(separator: ", "))\n".utf8))
            return .usage
        }
        let root = URL(fileURLWithPath: resultsRoot, isDirectory: true)
        let report: ComparisonReport
        do throws(ResultError) {
            let baseSet = try ResultSet.locate(base, root: root)
            let candidateSet = try ResultSet.locate(candidate, root: root)
            report = Comparator.compare(base: baseSet, candidate: candidateSet, thresholds: thresholds)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return .usage
        }
        guard !report.comparisons.isEmpty else {
            FileHandle.standardError.write(Data("error: no workload has results on both sides (\(report.unmatched.joined(separator: ", ")))\n".utf8))
            return .usage
        }
        FileHandle.standardOutput.write(Data(formatter.render(report).utf8))
        if let summaryFile {
            do {
                try ResultStore.writeAtomically(Data(MarkdownComparison().render(report).utf8), to: URL(fileURLWithPath: summaryFile))
            } catch {
                FileHandle.standardError.write(Data("error: writing \(summaryFile): \(error)\n".utf8))
                return .usage
            }
        }
        guard gate else { return .success }
        let verdict = GateVerdict.decide(report, strict: strict)
        let regressed = report.comparisons.filter { $0.outcome == .regressed }.map { "\($0.workload): \($0.metric)" }
        var line = "gate: \(verdict.summary)"
        if !regressed.isEmpty { line += " (\(regressed.prefix(10).joined(separator: ", "))\(regressed.count > 10 ? ", …" : ""))" }
        FileHandle.standardError.write(Data((line + "\n").utf8))
        return verdict.status
    }
}
