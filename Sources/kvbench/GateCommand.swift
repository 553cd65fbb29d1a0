import ArgumentParser

struct GateCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Fail CI on regressions beyond thresholds.",
        discussion: """
        Exit codes: 0 pass, 1 regression, 2 usage or configuration error, 3 a run failed (a failed repetition
        on either side), 4 only inconclusive results (a pass unless --strict).
        Thresholds: --thresholds FILE, else each workload's thresholds block, else defaults by the metric's kind
        in the catalog (`kvbench metrics`): bytes and times 2%, counts, rates and ratios 5%.
        Example:
          kvbench gate --baseline origin/main --candidate HEAD --summary $GITHUB_STEP_SUMMARY
        """
    )

    @Option(help: ArgumentHelp("Baseline revision or results directory.", valueName: "rev|dir")) var baseline: String
    @Option(help: ArgumentHelp("Candidate revision or results directory.", valueName: "rev|dir")) var candidate: String = "HEAD"
    @Flag(help: "Treat inconclusive results as a failure (exit 4).") var strict = false
    @OptionGroup var options: ComparisonOptions

    func run() throws {
        try options.compare(baseline, candidate, strict: strict, gate: true)
    }
}
