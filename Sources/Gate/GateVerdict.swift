import Results

/// `kvbench gate`'s decision (DESIGN.md §8): pass, a regression, a run failed, or only
/// inconclusive results (a pass unless strict). Usage errors are decided before comparing.
public enum GateVerdict: Sendable {
    case pass
    case regression
    case runFailure
    case inconclusive

    public static func decide(_ report: ComparisonReport, strict: Bool) -> GateVerdict {
        if !report.failedRuns.isEmpty { return .runFailure }
        if report.count(.regressed) > 0 { return .regression }
        if report.count(.inconclusive) > 0 { return strict ? .inconclusive : .pass }
        return .pass
    }

    public var status: ExitStatus {
        switch self {
        case .pass: .success
        case .regression: .regression
        case .runFailure: .runFailure
        case .inconclusive: .inconclusive
        }
    }

    public var summary: String {
        switch self {
        case .pass: "PASS"
        case .regression: "FAIL: regression"
        case .runFailure: "FAIL: a run failed"
        case .inconclusive: "FAIL: inconclusive (--strict)"
        }
    }
}
