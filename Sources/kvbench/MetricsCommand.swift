import ArgumentParser
import Results

struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Every metric kvbench reports: name or pattern, unit, which way is better, kind, meaning.",
        discussion: """
        The catalog the runner, the reports and the gate share. `--format markdown` prints the table of
        results/README.md (a test keeps the two in sync).
        Examples:
          kvbench metrics
          kvbench metrics --format markdown
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown }

    @Option(help: ArgumentHelp("text or markdown.", valueName: "format")) var format: Format = .text

    func run() throws {
        switch format {
        case .markdown:
            print(MetricCatalog.markdownTable(), terminator: "")
        case .text:
            let width = MetricCatalog.all.map(\.pattern.count).max() ?? 0
            for definition in MetricCatalog.all {
                let line = [definition.pattern.padding(toLength: width, withPad: " ", startingAt: 0), definition.unit.rawValue,
                            definition.direction.rawValue, definition.kind.rawValue, definition.summary]
                print(line.joined(separator: "  "))
            }
        }
    }
}
