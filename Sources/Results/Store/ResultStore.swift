import Foundation

/// The on-disk layout of results: `<root>/<commit12>[-dirty]/<workload>/` holding `run.json` and
/// the reports. Every file is written atomically (temp file in the same directory, then rename),
/// so a reader never sees half a file and a failed write leaves the previous file intact.
/// Stateless apart from `root`; any thread may call.
public struct ResultStore: Sendable {
    public static let runFileName = "run.json"
    /// Where repetitions write their profiles, inside the workload's directory.
    public static let profilesDirectory = "profiles"

    public let root: URL

    public init(root: URL) { self.root = root }

    public func directory(for metadata: RunMetadata, workload: String) -> URL {
        root.appendingPathComponent(metadata.commitDirectoryName, isDirectory: true)
            .appendingPathComponent(workload, isDirectory: true)
    }

    /// Makes sure `root` is a directory this process can write — created if missing — before
    /// anything runs, so a read-only path, a regular file or a dangling symlink is reported
    /// before the first repetition rather than after the last.
    public func prepareRoot() throws(ResultError) {
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            throw .io(path: root.path, reason: "not a directory that can be created (\((error as NSError).localizedDescription))")
        }
        let probe = root.appendingPathComponent(".kvbench-probe-\(getpid())")
        guard FileManager.default.createFile(atPath: probe.path, contents: Data()) else {
            throw .io(path: root.path, reason: "not writable")
        }
        try? FileManager.default.removeItem(at: probe)
    }

    /// Writes `data` to `url` atomically, creating parent directories.
    public static func writeAtomically(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try data.write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw ResultError.io(path: url.path, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    public static func encode(_ run: RunResult) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(run)
    }

    /// Reads a `run.json`, rejecting other major schema versions and corrupt files with a message
    /// that names the file.
    public static func load(_ url: URL) throws(ResultError) -> RunResult {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .io(path: url.path, reason: FileManager.default.fileExists(atPath: url.path) ? "cannot read the file" : "no such file")
        }
        struct Header: Decodable { var schema: SchemaVersion }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw .corrupt(path: url.path, reason: "not a kvbench run.json (no schema version)")
        }
        guard header.schema.major == RunResult.currentSchema.major else {
            throw .unsupportedSchema(path: url.path, found: header.schema, supported: RunResult.currentSchema)
        }
        do {
            return try JSONDecoder().decode(RunResult.self, from: data)
        } catch let error as DecodingError {
            throw .corrupt(path: url.path, reason: describe(error))
        } catch {
            throw .corrupt(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }

    /// A decoding error in one line: where in the document, and what was wrong there.
    private static func describe(_ error: DecodingError) -> String {
        func at(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? "" : " at \(path.hasPrefix(".") ? String(path.dropFirst()) : path)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)'\(at(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription)\(at(context))"
        @unknown default: return "\(error)"
        }
    }
}

/// Why a result file could not be read or written.
public enum ResultError: Error, CustomStringConvertible, Sendable {
    case io(path: String, reason: String)
    case corrupt(path: String, reason: String)
    case unsupportedSchema(path: String, found: SchemaVersion, supported: SchemaVersion)

    public var description: String {
        switch self {
        case .io(let path, let reason): "\(path): \(reason)"
        case .corrupt(let path, let reason): "\(path): corrupt result file: \(reason)"
        case .unsupportedSchema(let path, let found, let supported):
            "\(path): result schema \(found) is not readable by this kvbench (reads \(supported.major).x)"
        }
    }
}
