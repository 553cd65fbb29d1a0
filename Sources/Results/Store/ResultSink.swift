import Foundation

/// Where the runner hands each finished result set. Writing `run.json` and the reports derived
/// from it is the Reports module's job (`ResultPublisher`): the runner knows results, not report
/// formats (DESIGN.md §2). Implementations are called from the thread driving the suite.
public protocol ResultSink: Sendable {
    /// Writes `run` — `run.json` and every report — into its workload directory as one set;
    /// returns the workload's report page.
    func publish(_ run: RunResult) throws -> URL
    /// Rewrites the index of the commit directory `runs` belong to, listing them and every other
    /// workload already there; returns the index page.
    func publishIndex(adding runs: [RunResult]) throws -> URL
    /// Whether every file of `run`'s published set is present.
    func isWhole(_ run: RunResult) -> Bool
}
