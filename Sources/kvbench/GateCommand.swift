import ArgumentParser

struct GateCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Fail CI on regressions beyond thresholds.",
        discussion: """
        Exit codes: 0 pass, 1 a gated metric regressed, 2 usage or configuration error, or results that mean
        different things (workload text, allocator, --quick; see --allow-mismatch), 3 incomplete results (a
        failed, interrupted or missing repetition, a workload on one side only, a vanished gated metric),
        4 a gated metric underpowered or inconclusive (only with --strict).
        Gated: counts and bytes, plus what the base's workloads name in thresholds or gate:, minus advisory:;
        timings and rates advise. The gated metrics of all workloads are one family under Holm's correction.
        Thresholds: --thresholds FILE, else the base's workload thresholds blocks, else defaults by the metric's
        kind in the catalog (`kvbench metrics`): bytes and times 2%, counts, rates and ratios 5%.
        Examples:
          kvbench gate --baseline origin/main --candidate HEAD --summary $GITHUB_STEP_SUMMARY
          kvbench gate --baseline HEAD --candidate HEAD --interleave     # an A/A check of this commit
        """
    )

    @Option(help: ArgumentHelp("Baseline revision or results directory.", valueName: "rev|dir")) var baseline: String
    @Option(help: ArgumentHelp("Candidate revision or results directory.", valueName: "rev|dir")) var candidate: String = "HEAD"
    @Flag(help: "Fail (exit 4) when a gated metric is underpowered or inconclusive.") var strict = false
    @OptionGroup var options: ComparisonOptions

    func run() throws {
        try options.compare(baseline, candidate, strict: strict, gate: true)
    }
}
