import Foundation

/// One operation of a key-value trace, ready to replay.
public struct TraceOperation: Sendable, Equatable {
    public enum Kind: String, Sendable { case get, set, delete }
    public var kind: Kind
    public var key: String
    /// Value size for sets (bytes).
    public var valueSize: Int
    /// Seconds from the trace's start.
    public var time: Double
    public var ttl: UInt32
    /// How many times the row stands for (CacheLib's `op_count`).
    public var count: Int
}

/// Reads trace files into operations. CacheLib kvcache traces name their columns in a header
/// (the two sample files order them differently); Twitter cache traces have no header and the
/// fixed columns `timestamp,key,key_size,value_size,client_id,op,ttl`. Lease operations replay
/// as plain gets and sets; unknown operations are errors with the line number.
public enum TraceReader {
    public enum Format: String, Sendable, CaseIterable { case cachelib, twitter }

    public struct Problem: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public static func read(_ path: String, format: Format) throws(Problem) -> [TraceOperation] {
        let text: String
        do throws(TextFile.Failure) {
            text = try TextFile.read(path, limit: Limits.traceFileBytes)
        } catch {
            throw Problem(line: 1, message: error.message)
        }
        var lines = text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" }.map(String.init)
        let columns: [String: Int]
        var firstLine = 1
        switch format {
        case .cachelib:
            guard !lines.isEmpty else { throw Problem(line: 1, message: "empty trace") }
            let header = lines.removeFirst().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            columns = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            for required in ["op_time", "key", "op", "op_count", "size"] where columns[required] == nil {
                throw Problem(line: 1, message: "the header has no '\(required)' column")
            }
            firstLine = 2
        case .twitter:
            columns = ["op_time": 0, "key": 1, "key_size": 2, "size": 3, "op": 5, "ttl": 6]
        }
        var operations: [TraceOperation] = []
        var start: Double?
        for (offset, line) in lines.enumerated() {
            let number = offset + firstLine
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            func field(_ name: String) -> String? { columns[name].flatMap { $0 < fields.count ? fields[$0] : nil } }
            guard let key = field("key"), !key.isEmpty, let opText = field("op"), let timeText = field("op_time") else {
                throw Problem(line: number, message: "missing key, op or op_time")
            }
            guard key.utf8.count <= Limits.keyBytes else {
                throw Problem(line: number, message: "a key of \(key.utf8.count) bytes; keys are limited to \(Limits.keyBytes)")
            }
            guard let time = Double(timeText), time.isFinite else { throw Problem(line: number, message: "op_time '\(timeText)' is not a number") }
            let kind: TraceOperation.Kind
            switch opText.lowercased() {
            case "get", "get_lease", "gets": kind = .get
            case "set", "set_lease", "add", "replace", "cas", "append", "prepend": kind = .set
            case "delete": kind = .delete
            default: throw Problem(line: number, message: "unknown operation '\(opText)'")
            }
            let count = format == .cachelib ? try wholeNumber(field("op_count"), "op_count", in: Limits.traceOperationCount, line: number) ?? 1 : 1
            let size = try wholeNumber(field("size"), "size", in: 0...Limits.valueBytes, line: number) ?? 0
            let ttl = try wholeNumber(field("ttl"), "ttl", in: 0...Int(Limits.ttl.upperBound), line: number) ?? 0
            if start == nil { start = time }
            operations.append(TraceOperation(kind: kind, key: key, valueSize: size, time: time - start!, ttl: UInt32(ttl), count: count))
        }
        return operations
    }

    /// A whole-number field: nil when absent or empty, an error when malformed or out of `range`.
    private static func wholeNumber(_ text: String?, _ name: String, in range: ClosedRange<Int>, line: Int) throws(Problem) -> Int? {
        guard let text, !text.isEmpty else { return nil }
        guard let value = Int(text) else { throw Problem(line: line, message: "\(name) '\(text)' is not a whole number") }
        guard range.contains(value) else {
            throw Problem(line: line, message: "\(name) \(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }
}
