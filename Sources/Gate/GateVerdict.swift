/// `kvbench gate`'s decision and exit code (DESIGN.md §8): 0 pass, 1 a regression, 2 usage or
/// configuration error (decided before comparing), 3 a run failed, 4 only inconclusive results
/// (a pass unless strict).
public enum GateVerdict: Int32, Sendable {
    case pass = 0
    case regression = 1
    case runFailure = 3
    case inconclusive = 4

    public static func decide(_ report: ComparisonReport, strict: Bool) -> GateVerdict {
        if !report.failedRuns.isEmpty { return .runFailure }
        if report.count(.regressed) > 0 { return .regression }
        if report.count(.inconclusive) > 0 { return strict ? .inconclusive : .pass }
        return .pass
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
