import Results

/// What a gate must not pass over: results that are not whole. Every problem names what.
enum Completeness {
    /// Problems of one workload's pair of runs.
    static func problems(_ name: String, base: RunResult, baseLabel: String, candidate: RunResult, candidateLabel: String,
                         policy: GatePolicy) -> [String] {
        var problems = sideProblems(name, base, baseLabel) + sideProblems(name, candidate, candidateLabel)
        let present = Set(candidate.measured.flatMap { $0.metrics.map(\.name) })
        let vanished = Set(base.measured.flatMap { $0.metrics.map(\.name) }).subtracting(present).filter(policy.isGated).sorted()
        if !vanished.isEmpty {
            problems.append("\(candidateLabel)/\(name): gated metric(s) the base has are missing: \(vanished.prefix(10).joined(separator: ", "))"
                            + (vanished.count > 10 ? " and \(vanished.count - 10) more" : ""))
        }
        return problems
    }

    private static func sideProblems(_ name: String, _ run: RunResult, _ label: String) -> [String] {
        var problems: [String] = []
        let failed = run.repetitions.filter { $0.status == .failed }.count
        if failed > 0 { problems.append("\(label)/\(name): \(failed) repetition(s) failed") }
        if run.interrupted == true { problems.append("\(label)/\(name): the run was interrupted") }
        // Repetitions that never ran (a failed one is named above).
        if let planned = run.options?.repetitions, run.repetitions.filter({ !$0.warmup }).count < planned {
            problems.append("\(label)/\(name): \(run.measured.count) of \(planned) repetitions completed")
        }
        if run.measured.isEmpty && failed == 0 { problems.append("\(label)/\(name): no completed repetition") }
        return problems
    }

    /// Result files that could not be read, and workloads on one side only.
    static func oneSided(base: ResultSet, candidate: ResultSet) -> [String] {
        let onlyBase = Set(base.runs.keys).subtracting(candidate.runs.keys).sorted()
        let onlyCandidate = Set(candidate.runs.keys).subtracting(base.runs.keys).sorted()
        return (base.unreadable + candidate.unreadable).map { "unreadable: \($0)" }
            + onlyBase.map { "workload \($0) has results in \(base.label) but not in \(candidate.label)" }
            + onlyCandidate.map { "workload \($0) has results in \(candidate.label) but not in \(base.label)" }
    }

    /// Thresholds the candidate's workload declares differently from the base's.
    static func thresholdChanges(_ name: String, base: RunResult, candidate: RunResult) -> [String] {
        let before = base.thresholds ?? [:], after = candidate.thresholds ?? [:]
        return Set(before.keys).union(after.keys).sorted().compactMap { key in
            before[key] == after[key] ? nil : "\(name): \(key) \(describe(before[key])) → \(describe(after[key])) (the base's applies)"
        }
    }

    private static func describe(_ threshold: Threshold?) -> String {
        guard let threshold else { return "none" }
        var parts: [String] = []
        if let relative = threshold.relative { parts.append("\(NumberText.plain(relative * 100))%") }
        if let max = threshold.max { parts.append("max \(NumberText.plain(max))") }
        if let min = threshold.min { parts.append("min \(NumberText.plain(min))") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}
