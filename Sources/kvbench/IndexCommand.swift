import ArgumentParser
import Foundation
import Gate
import ResultIndex
import Results

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "The SQLite index of a results root: rebuild it from the directories, or show what it holds.",
        discussion: """
        Every result set is indexed as it is written (run, merge) into <results>/.kvbench-index.sqlite: commit,
        branch, host fingerprint, workload, matrix point and each metric's summary and repetitions. The result
        directories stay the source of truth: history, dashboard, bisect, plan and compare bring the index in line
        with them first (new, changed and removed run.json files), and `rebuild` reads them all again.
        Examples:
          kvbench index rebuild
          kvbench index show --branch main
        """,
        subcommands: [Rebuild.self, Show.self]
    )

    struct Rebuild: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Forget the index and read every result directory again.")

        @Option(help: ArgumentHelp("Results root.", valueName: "dir")) var results: String = "results"

        func run() throws {
            let request = HistoryRequest(root: URL(fileURLWithPath: results, isDirectory: true), branch: nil, range: nil, selection: .init())
            do throws(IndexError) {
                let index = try ResultIndex(root: request.root)
                let update = try index.rebuild()
                for problem in update.unreadable { FileHandle.standardError.write(Data("warning: skipped \(problem)\n".utf8)) }
                let place = index.inMemory ? "memory (\(results) is not writable)" : request.root.appendingPathComponent(ResultIndex.fileName).path
                print("indexed \(update.indexed) result set(s) into \(place)\(update.unreadable.isEmpty ? "" : "; \(update.unreadable.count) unreadable")")
            } catch {
                report("\(error)")
                throw ExitCode(ExitStatus.runFailure.rawValue)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bring the index in line with the directories and say what it holds.")

        @Option(help: ArgumentHelp("Results root.", valueName: "dir")) var results: String = "results"
        @Option(help: ArgumentHelp("Only result sets of this branch.", valueName: "name")) var branch: String?

        func run() throws {
            let request = HistoryRequest(root: URL(fileURLWithPath: results, isDirectory: true), branch: branch, range: nil, selection: .init())
            let index: ResultIndex
            do throws(HistoryRequest.Failure) {
                index = try request.openIndex { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }
            } catch {
                report(error.description)
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            do throws(IndexError) {
                print(try IndexSummary(index, branch: branch).text, terminator: "")
            } catch {
                report("\(error)")
                throw ExitCode(ExitStatus.runFailure.rawValue)
            }
        }
    }
}
