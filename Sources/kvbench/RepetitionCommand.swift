import ArgumentParser
import Reports
import Runner

/// Internal: one repetition in this (child) process, started by `kvbench run`. The request
/// arrives on standard input and events leave on standard output (`RepetitionMain`).
struct RepetitionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_repetition", abstract: "Internal: run one repetition.", shouldDisplay: false)

    func run() throws {
        let services = RepetitionServices { run in
            for exporter in ReportExporters.run { _ = exporter.render(run) }
        }
        try RepetitionMain.run(services: services).finish()
    }
}
