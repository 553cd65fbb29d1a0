/// What a metric measures, in the terms the gate and the reports need: which kind of figure it is.
public enum MetricKind: String, Sendable, CaseIterable, Codable {
    /// Items, keys, events: exact counts.
    case count
    /// Bytes as the engine accounts them (its own estimate, or a setting such as the quota).
    case bytesEngine = "bytes-engine"
    /// Bytes as an allocator or the OS measured them (jemalloc, tcmalloc, glibc, /proc, SQLite).
    case bytesAllocator = "bytes-allocator"
    /// Durations and latencies.
    case time
    /// Something per second.
    case rate
    /// A quotient of two figures (or a 0/1 flag).
    case ratio
}

/// The units metric values carry, spelled as they appear in files.
public enum MetricUnit: String, Sendable, CaseIterable, Codable {
    case bytes, items, keys, count, bool, ratio, seconds
    case microseconds = "us"
    case nanoseconds = "ns"
    case opsPerSecond = "ops/s"
    case itemsPerSecond = "items/s"
    case bytesPerSecond = "bytes/s"
}

/// Where a metric's values end up: one figure per repetition (`summary.csv`, compared and
/// gated), a series sampled while the repetition runs (`timeseries.csv`, charts), or both.
public enum MetricRecording: String, Sendable, CaseIterable {
    case summary
    case series
    case both

    public var inSummary: Bool { self != .series }
    public var inSeries: Bool { self != .summary }
}

/// One metric family of the catalog: its name or name pattern, unit, direction, kind and a one-line
/// description. A pattern names its variable parts in angle brackets (`ops.<op>.latency.p99`,
/// `phase.<path>.<kind>.duration`); `<path>` may span several dot-separated segments (`3.1.0`),
/// every other placeholder is one segment. Producers make names and values through `name(_:)` and
/// `value(_:_:)`, so the pattern written here is the only spelling of a metric name in Sources.
public struct MetricDefinition: Sendable, Hashable {
    public let pattern: String
    public let unit: MetricUnit
    public let direction: Direction
    public let kind: MetricKind
    public let summary: String
    /// Why neither direction is better, for `direction == .neither`.
    public let neitherBecause: String?
    public let recording: MetricRecording
    /// Why a metric of a gating kind only advises (nil: the kind decides).
    public let advisoryBecause: String?

    /// The pattern's dot-separated segments.
    let segments: [Substring]
    /// The literal text around the placeholders (`ops.`, `.latency.p99`): one more than placeholders.
    private let texts: [String]

    public init(_ pattern: String, _ unit: MetricUnit, _ direction: Direction, _ kind: MetricKind, _ summary: String,
                neitherBecause: String? = nil, recording: MetricRecording = .summary, advisoryBecause: String? = nil) {
        precondition((direction == .neither) == (neitherBecause != nil), "\(pattern): say why exactly when neither direction is better")
        self.pattern = pattern
        self.unit = unit
        self.direction = direction
        self.kind = kind
        self.summary = summary
        self.neitherBecause = neitherBecause
        self.recording = recording
        self.advisoryBecause = advisoryBecause
        segments = pattern.split(separator: ".", omittingEmptySubsequences: false)
        var texts = [""]
        for (index, segment) in segments.enumerated() {
            let separator = index == 0 ? "" : "."
            if segment.hasPrefix("<") {
                texts[texts.count - 1] += separator
                texts.append("")
            } else {
                texts[texts.count - 1] += separator + segment
            }
        }
        self.texts = texts
    }

    /// Whether `kvbench gate` fails on this metric unless a workload says otherwise: counts and
    /// bytes gate, times, rates and ratios advise (they move with the machine), and so do the
    /// metrics whose reason says why.
    public var gatedByDefault: Bool {
        advisoryBecause == nil && [.count, .bytesEngine, .bytesAllocator].contains(kind)
    }

    /// Whether the pattern has no placeholder (it is a metric name itself).
    public var isLiteral: Bool { texts.count == 1 }

    /// The placeholders in order (`["op"]` for `ops.<op>.latency.p99`).
    public var placeholders: [String] {
        segments.filter { $0.hasPrefix("<") }.map { String($0.dropFirst().dropLast()) }
    }

    /// The metric name with each placeholder replaced by the next of `parts`, in order.
    public func name(_ parts: String...) -> String { name(parts) }

    public func name(_ parts: [String]) -> String {
        precondition(parts.count == texts.count - 1, "\(pattern) takes \(texts.count - 1) part(s), got \(parts)")
        var name = texts[0]
        for (part, text) in zip(parts, texts.dropFirst()) { name += part + text }
        return name
    }

    /// One repetition's value of this metric.
    public func value(_ value: Double, _ parts: String...) -> MetricValue { self.value(value, parts) }

    public func value(_ value: Double, _ parts: [String]) -> MetricValue {
        MetricValue(name: name(parts), unit: unit.rawValue, direction: direction, value: value)
    }

    /// Whether `name` is an instance of this pattern. Literal segments must match exactly;
    /// `<path>` takes one or more segments made of digits, every other placeholder one segment.
    public func matches(_ name: String) -> Bool {
        Self.match(segments[...], name.split(separator: ".", omittingEmptySubsequences: false)[...])
    }

    private static func match(_ pattern: ArraySlice<Substring>, _ name: ArraySlice<Substring>) -> Bool {
        guard let head = pattern.first else { return name.isEmpty }
        guard let first = name.first, !first.isEmpty else { return false }
        if head == "<path>" {
            var taken = name
            while let segment = taken.first, !segment.isEmpty, segment.allSatisfy(\.isNumber) {
                taken = taken.dropFirst()
                if match(pattern.dropFirst(), taken) { return true }
            }
            return false
        }
        if head.hasPrefix("<") || head == first { return match(pattern.dropFirst(), name.dropFirst()) }
        return false
    }

    /// Literal segments: the more, the more specific (`checkpoint.memory.freed_by_expel` is
    /// preferred over `checkpoint.memory.<label>`).
    var specificity: Int { segments.filter { !$0.hasPrefix("<") }.count }
}
