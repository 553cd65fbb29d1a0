import Foundation
import Results

/// `kvbench compare` and `kvbench gate` after argument parsing: locate both result sets, compare,
/// refuse results that mean different things (gate, unless allowed), print in the chosen format
/// on standard output and nothing else there, append a Markdown summary if asked, decide the exit.
public struct CompareCommand: Sendable {
    public var base: String
    public var candidate: String
    public var resultsRoot: String
    public var thresholds: [String: Threshold]
    public var format: String
    public var summaryFile: String?
    public var strict: Bool
    /// Compare results whose workload text, allocator or quick mode differ.
    public var allowMismatch: Bool

    public init(base: String, candidate: String, resultsRoot: String, thresholds: [String: Threshold], format: String,
                summaryFile: String?, strict: Bool, allowMismatch: Bool = false) {
        self.base = base
        self.candidate = candidate
        self.resultsRoot = resultsRoot
        self.thresholds = thresholds
        self.format = format
        self.summaryFile = summaryFile
        self.strict = strict
        self.allowMismatch = allowMismatch
    }

    /// Returns the exit status. For `compare` (gate: false) only errors are non-zero.
    public func run(gate: Bool) -> ExitStatus {
        guard let formatter = ComparisonFormats.named(format) else {
            return fail("unknown format '\(format)'; use one of \(ComparisonFormats.names.joined(separator: ", "))")
        }
        let root = URL(fileURLWithPath: resultsRoot, isDirectory: true)
        var report: ComparisonReport
        do throws(ResultError) {
            let baseSet = try RevisionLookup.locate(base, root: root)
            let candidateSet = try RevisionLookup.locate(candidate, root: root)
            report = Comparator.compare(base: baseSet, candidate: candidateSet, thresholds: thresholds)
        } catch {
            return fail("\(error)")
        }
        guard !report.comparisons.isEmpty || !report.problems.isEmpty else {
            return fail("no workload has results on both sides: \(report.problems.joined(separator: "; "))")
        }
        if gate && !allowMismatch && !report.blockingDifferences.isEmpty {
            return fail("the results mean different things (--allow-mismatch compares them anyway):\n  "
                        + report.blockingDifferences.joined(separator: "\n  "))
        }
        let verdict = GateVerdict.decide(report, strict: gate && strict)
        report.verdict = verdict
        FileHandle.standardOutput.write(Data(formatter.render(report).utf8))
        if let summaryFile {
            do throws(ResultError) {
                try OutputFile.append(MarkdownComparison().render(report), to: summaryFile)
            } catch {
                return fail("writing \(error)")
            }
        }
        guard gate else { return .success }
        let regressed = report.comparisons.filter { $0.gated && $0.outcome == .regressed }.map { "\($0.workload): \($0.metric)" }
        var line = "gate: \(verdict.summary)"
        if !regressed.isEmpty { line += " (\(regressed.prefix(10).joined(separator: ", "))\(regressed.count > 10 ? ", …" : ""))" }
        if verdict == .runFailure { line += ": " + report.problems.prefix(5).joined(separator: "; ") }
        FileHandle.standardError.write(Data((line + "\n").utf8))
        return verdict.status
    }

    private func fail(_ message: String) -> ExitStatus {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return .usage
    }
}
