import ArgumentParser
import Runner
import Workload

/// `--set` (on `run` and `validate`): scalars of every workload replaced before it is read.
struct OverrideOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Replace one value of every workload before it is read, at the path errors print; repeatable. Recorded in run.json and in the result's fingerprint (the gate refuses to compare results run with different --set values); results go to <commit12>+set-<hash>/, apart from the commit's own. Example: --set engine.quota=256MiB --set 'phases[2].mutate.ops=50k'.",
        valueName: "path=value"))
    var set: [String] = []

    func overrides() throws -> [WorkloadOverride] {
        try set.map { text in
            do throws(WorkloadError) {
                return try WorkloadOverride(parsing: text)
            } catch {
                throw ValidationError(error.message)
            }
        }
    }
}

/// `--filter`, `--skip`, `--tag` (on `run`): which workloads, matrix points included, to take.
struct SelectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Run only workloads whose name matches this regular expression (a matrix point's name is <workload>@<parameter>=<value>+…). Example: --filter 'expel|quota'.", valueName: "regex"))
    var filter: String?

    @Option(help: ArgumentHelp("Leave out workloads whose name matches this regular expression. Example: --skip '@.*value_size=16KiB'.", valueName: "regex"))
    var skip: String?

    @Option(help: ArgumentHelp("Run only workloads with this tag (their tags: list); repeatable, any one suffices. Example: --tag dcp.", valueName: "tag"))
    var tag: [String] = []

    func selection() throws -> WorkloadSelection {
        for tag in tag where tag.isEmpty || !tag.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || "-_".contains($0)) }) {
            throw ValidationError("--tag: tags are lower-case ASCII letters, digits, '-' and '_' (as in tags: lists), got '\(tag)'")
        }
        do {
            return try WorkloadSelection(filter: filter, skip: skip, tags: tag)
        } catch {
            throw ValidationError("--filter/--skip: not a regular expression: \(error)")
        }
    }
}
