import Foundation
import ResultIndex
import Results

/// What `history`, `dashboard` and `bisect` ask for, and how it is loaded: the root's index
/// brought in line with its directories, the branch's commits, the series and their changes.
public struct HistoryRequest: Sendable {
    public var root: URL
    public var branch: String?
    public var range: String?
    public var selection: History.Selection

    public init(root: URL, branch: String?, range: String?, selection: History.Selection) {
        self.root = root
        self.branch = branch
        self.range = range
        self.selection = selection
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The history; `warn` hears of result files that could not be read (they are left out).
    public func load(warn: (String) -> Void) throws(Failure) -> History {
        let index = try openIndex(warn: warn)
        let sequence: CommitSequence
        do throws(CommitSequence.Failure) {
            sequence = try CommitSequence.resolve(branch: branch, range: range, index: index)
        } catch {
            throw Failure(description: error.description)
        }
        let history: History
        do throws(IndexError) {
            history = try History.build(sequence, index: index, selection: selection)
        } catch {
            throw Failure(description: "reading the index: \(error)")
        }
        guard !history.series.isEmpty else {
            throw Failure(description: "no metric matches under \(root.path) (\(sequence.commits.count) commits of \(sequence.branch); "
                          + "selection: metric \(selection.metricPrefix ?? "any"), workload \(selection.workload ?? "any"), allocator \(selection.allocator))")
        }
        return history
    }

    /// The root's index, synchronized with the directories.
    public func openIndex(warn: (String) -> Void) throws(Failure) -> ResultIndex {
        guard FileManager.default.fileExists(atPath: root.path) else { throw Failure(description: "\(root.path): no such results directory") }
        do throws(IndexError) {
            let index = try ResultIndex(root: root)
            if index.inMemory { warn("\(root.path) is not writable: the index is built in memory for this command") }
            let update = try index.synchronize()
            for problem in update.unreadable { warn("skipped \(problem)") }
            return index
        } catch {
            throw Failure(description: "the result index: \(error) (`kvbench index rebuild` builds it again from the directories)")
        }
    }
}
