import Engine
import Results

/// What one repetition has measured so far. Phases write into it; a `parallel` phase gives each
/// branch an empty ledger and merges them back, so every field is merged in exactly one place
/// (`merge`). Owned by the thread driving the phases (or one branch); a value type.
struct MeasurementLedger: Sendable {
    private(set) var metrics: [MetricValue] = []
    private(set) var phases: [PhaseRecord] = []
    private(set) var markers: [Marker] = []
    /// Things the user should know about the run (reported with the unavailable figures).
    private(set) var notes: [String] = []
    var frontEnd = FrontEndTally()
    var expel = ExpelTally()
    /// The first phase that paused memory-domain tracking: per-domain figures taken after it
    /// would be shifted into `none`, so they are reported as unavailable instead.
    private(set) var trackingPausedBy: String?

    mutating func record(_ definition: MetricDefinition, _ value: Double, _ parts: String...) {
        metrics.append(MetricValue(name: definition.name(parts), unit: definition.unit.rawValue, direction: definition.direction, value: value))
    }

    mutating func record(_ value: MetricValue) { metrics.append(value) }

    mutating func mark(_ label: String, at seconds: Double) { markers.append(Marker(t: seconds, label: label)) }

    mutating func note(_ text: String) { notes.append(text) }

    mutating func recordPhase(_ record: PhaseRecord) { phases.append(record) }

    mutating func trackingPaused(by path: String) { trackingPausedBy = trackingPausedBy ?? path }

    /// Per-domain byte counters can be read now: the allocator keeps them and tracking was never paused.
    func domainFigures(_ context: RepetitionContext) -> Bool { context.domainCounters && trackingPausedBy == nil }

    mutating func merge(_ branch: MeasurementLedger) {
        metrics += branch.metrics
        phases += branch.phases
        markers += branch.markers
        notes += branch.notes
        frontEnd.merge(branch.frontEnd)
        expel.merge(branch.expel)
        trackingPausedBy = trackingPausedBy ?? branch.trackingPausedBy
    }
}

/// Front-end operations over the load, mutate, replay and baseline phases.
struct FrontEndTally: Sendable {
    /// Operations with domain tracking on, over every load, mutate and replay phase.
    var totals = OperationCounts()
    var latencies = OperationLatencies()
    var latencyRecords: [LatencyRecord] = []
    /// Seconds of those phases.
    var seconds = 0.0
    /// Performance comparisons: the dictionary baseline, and mutate phases with tracking on and paused.
    var baseline = Throughputs()
    var tracked = Throughputs()
    var untracked = Throughputs()

    mutating func merge(_ other: FrontEndTally) {
        totals.add(other.totals)
        latencies.add(other.latencies)
        latencyRecords += other.latencyRecords
        seconds += other.seconds
        baseline.add(other.baseline)
        tracked.add(other.tracked)
        untracked.add(other.untracked)
    }
}

/// What the expel phases removed, measured twice (the engine's account and the allocator's),
/// and how fast.
struct ExpelTally: Sendable {
    var phases = 0
    var result = ExpelResult()
    /// Primary-domain bytes the allocator saw released inside the expel calls.
    var allocatorFreed: Int64 = 0
    /// Nanoseconds spent inside expel calls.
    var nanoseconds: UInt64 = 0
    /// Releasing as many items from plain deques (`expel: {baseline: true}`).
    var baseline = ItemRate()

    mutating func merge(_ other: ExpelTally) {
        phases += other.phases
        result = result + other.result
        allocatorFreed += other.allocatorFreed
        nanoseconds += other.nanoseconds
        baseline.add(items: other.baseline.items, seconds: other.baseline.seconds)
    }
}
