import Results

/// Whether a run's set is whole, in a few words — what the report's and the index's badges say.
/// An interrupted or short run must never read as complete.
struct RunStatus {
    var complete: Bool
    var text: String

    init(_ run: RunResult) {
        let failed = run.repetitions.filter { $0.status == .failed }.count
        let planned = run.options?.repetitions
        let measured = run.measured.count
        let of = planned.map { " of \($0)" } ?? ""
        if run.interrupted == true {
            (complete, text) = (false, "interrupted: \(measured)\(of) repetitions completed")
        } else if failed > 0 {
            (complete, text) = (false, "\(failed) repetition(s) failed, \(measured)\(of) completed")
        } else if let planned, measured < planned {
            (complete, text) = (false, "\(measured) of \(planned) repetitions completed")
        } else {
            (complete, text) = (true, "all \(measured) repetitions completed")
        }
    }
}
