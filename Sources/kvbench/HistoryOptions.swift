import ArgumentParser
import Foundation
import Gate
import Results

/// Options shared by `history`, `dashboard` and `bisect`: where the results are and which series to read.
struct HistoryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Results root (its index is brought in line with its directories first).", valueName: "dir"))
    var results: String = "results"

    @Option(help: ArgumentHelp("Branch whose first-parent commits to follow (default: the current one; where git does not know it, the results' own branch name).", valueName: "name"))
    var branch: String?

    @Option(help: ArgumentHelp("A git revision range instead of a branch (e.g. v1.0..HEAD).", valueName: "A..B"))
    var range: String?

    @Option(help: ArgumentHelp("Only metrics starting with this prefix.", valueName: "prefix"))
    var metric: String?

    @Option(help: ArgumentHelp("Only this workload.", valueName: "name"))
    var workload: String?

    @Option(help: ArgumentHelp("Only results of this host fingerprint (see `kvbench index show`).", valueName: "fingerprint"))
    var host: String?

    @Option(help: ArgumentHelp("Results of this allocator (jemalloc, tcmalloc or glibc).", valueName: "name"))
    var allocator: String = "jemalloc"

    func validate() throws {
        if results.isEmpty { throw ValidationError("--results must name a directory") }
        if branch != nil && range != nil { throw ValidationError("--branch and --range choose the commits two ways; give one") }
    }

    var request: HistoryRequest {
        HistoryRequest(root: URL(fileURLWithPath: results, isDirectory: true), branch: branch, range: range,
                       selection: History.Selection(metricPrefix: metric, workload: workload, host: host, allocator: allocator))
    }

    /// The history, or exit 2 after saying why there is none.
    func load() throws -> History {
        do throws(HistoryRequest.Failure) {
            return try request.load { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }
        } catch {
            report(error.description)
            throw ExitCode(ExitStatus.usage.rawValue)
        }
    }
}

/// Writes a page the user named (or kvbench's default place for it), exit 3 when it cannot.
func writePage(_ text: String, userPath: String?, defaultPath: URL) throws -> String {
    do {
        if let userPath {
            try OutputFile.replaceContents(of: userPath, with: text)
            return userPath
        }
        try ResultStore.writeAtomically(Data(text.utf8), to: defaultPath)
        return defaultPath.path
    } catch {
        report("writing \(userPath ?? defaultPath.path): \(error)")
        throw ExitCode(ExitStatus.runFailure.rawValue)
    }
}
