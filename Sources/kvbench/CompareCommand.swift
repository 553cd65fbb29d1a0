import ArgumentParser

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two result sets metric by metric.",
        discussion: """
        BASE and CANDIDATE are result directories or git revisions (looked up under --results as
        <commit12>[-dirty]). For each workload × metric: medians, the ratio with a bootstrap 95% interval,
        a two-sided Mann–Whitney U p-value, and improved | regressed | unchanged | inconclusive | underpowered
        (or changed, for a metric without a better direction), gated metrics first. Metrics identical across
        repetitions are compared exactly. The first line is the verdict `kvbench gate` would give; problems with
        the results and fingerprint differences follow. Exits 0 unless an input is unusable (2).
        Examples:
          kvbench compare HEAD~1 HEAD
          kvbench compare results/0a1b2c3d4e5f results/6a7b8c9d0e1f --format markdown
          kvbench compare HEAD HEAD --interleave --format json    # an A/A check of this commit
        """
    )

    @Argument(help: "Base revision or results directory.") var base: String
    @Argument(help: "Candidate revision or results directory.") var candidate: String
    @OptionGroup var options: ComparisonOptions

    func run() throws {
        try options.compare(base, candidate, strict: false, gate: false)
    }
}
