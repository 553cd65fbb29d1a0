import Results

/// `kvbench gate`'s decision (DESIGN.md §8): incomplete data fails first (3), then a gated
/// regression (1), then — with `--strict` — a gated metric that could not be decided (4).
/// Advisory metrics never decide. Usage errors and refused mismatches are decided before comparing.
public enum GateVerdict: String, Codable, Sendable, Equatable {
    case pass
    case regression
    case runFailure
    case inconclusive

    public static func decide(_ report: ComparisonReport, strict: Bool) -> GateVerdict {
        if !report.problems.isEmpty { return .runFailure }
        if report.count(.regressed, gated: true) > 0 { return .regression }
        let undecided = report.count(.inconclusive, gated: true) + report.count(.underpowered, gated: true)
        if strict && undecided > 0 { return .inconclusive }
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
        case .runFailure: "FAIL: incomplete results"
        case .inconclusive: "FAIL: undecided gated metrics (--strict)"
        }
    }
}
