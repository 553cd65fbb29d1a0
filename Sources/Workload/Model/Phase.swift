/// One step of a workload, executed in order by the runner, grouped by family: the runner has one
/// file per family (`Runner/Phases/`), so adding a phase kind touches its family's enum here, the
/// parser, and that one runner file. The kind spelled in files is `kind`.
public enum Phase: Sendable, Equatable {
    case load(LoadPhase)
    case checkpoint(CheckpointPhase)
    case persistence(PersistencePhase)
    case dcp(DcpPhase)
    /// Replays a key-value trace against the engine (one thread, in trace order).
    case replay(Replay)
    case lifecycle(LifecyclePhase)
    case instrumentation(InstrumentationPhase)
    case control(ControlPhase)

    /// The phase's kind as written in the file.
    public var kind: String {
        switch self {
        case .load(let phase): phase.kind
        case .checkpoint(let phase): phase.kind
        case .persistence(let phase): phase.kind
        case .dcp(let phase): phase.kind
        case .replay: "replay"
        case .lifecycle(let phase): phase.kind
        case .instrumentation(let phase): phase.kind
        case .control(let phase): phase.kind
        }
    }

    /// Whether this phase or any phase nested in it satisfies `predicate`.
    public func contains(where predicate: (Phase) -> Bool) -> Bool {
        if predicate(self) { return true }
        if case .control(.parallel(let branches)) = self { return branches.joined().contains { $0.contains(where: predicate) } }
        return false
    }
}

/// Front-end load: the data set, operation mixes, and the same mix on the in-process baseline.
public enum LoadPhase: Sendable, Equatable {
    /// Writes every dataset key once, split over `workers` threads.
    case load(Phase.Load)
    /// A closed- or open-loop operation mix over the dataset's keys.
    case mutate(Phase.Mutate)
    /// The same operations as a `mutate` on a plain Swift dictionary of byte buffers in this
    /// process: the baseline engine throughput is divided by.
    case baseline(Phase.Mutate)

    public var kind: String {
        switch self {
        case .load: "load"
        case .mutate: "mutate"
        case .baseline: "baseline"
        }
    }
}

/// Cursors, expel and what checkpoints hold.
public enum CheckpointPhase: Sendable, Equatable {
    /// Registers or advances a named checkpoint cursor.
    case cursor(Phase.Cursor)
    /// Runs item expel on every vBucket and records what it freed; with `baseline`, also times
    /// releasing as many items from plain deques (`baseline.expel.items_per_sec`).
    case expel(baseline: Bool)
    /// Records checkpoint memory, items and Primary bytes under a label.
    case snapshot(label: String)
    /// Closes the open checkpoint of every vBucket (persisted ones are then removed).
    case newCheckpoint

    public var kind: String {
        switch self {
        case .cursor: "cursor"
        case .expel: "expel"
        case .snapshot: "snapshot"
        case .newCheckpoint: "new_checkpoint"
        }
    }
}

/// Persistence, eviction and the bucket quota.
public enum PersistencePhase: Sendable, Equatable {
    /// Waits (when `wait`) until every vBucket's persisted seqno reaches its high seqno.
    case persist(wait: Bool, timeout: Double)
    /// Requests a new bucket quota (applied at once when higher, in two steps when lower).
    case setQuota(bytes: Int)
    /// Ejects every clean value (value-only) or item (full eviction), as `evict_key` would.
    case evict

    public var kind: String {
        switch self {
        case .persist: "persist"
        case .setQuota: "set_quota"
        case .evict: "evict"
        }
    }
}

/// DCP stream sets: opened by one phase, waited for or closed by a later one.
public enum DcpPhase: Sendable, Equatable {
    /// Opens a named set of DCP streams (one producer connection, an in-process verifying
    /// consumer) and returns at once: the streams run alongside later phases.
    case open(Phase.DcpStreams)
    /// Waits until every stream of the set has reached its end seqno, then verifies and closes it.
    case wait(name: String, timeout: Double)
    /// Closes the set (cancelling backfills) and verifies what the consumer received.
    case close(name: String)
    /// The producer's connection goes away without closing it (a client that vanished): the
    /// producer is released mid-stream, and its teardown must give back what it held.
    case drop(name: String)

    public var kind: String {
        switch self {
        case .open: "dcp"
        case .wait: "dcp_wait"
        case .close: "dcp_close"
        case .drop: "dcp_drop"
        }
    }
}

/// Restarts, storage faults and the durability check.
public enum LifecyclePhase: Sendable, Equatable {
    /// Shuts the bucket down and opens it again on its store (warmup). `kill` skips waiting for
    /// the flusher, so what was not persisted is lost, as when the process dies.
    case restart(kill: Bool)
    /// Sets the storage fault hook: commits fail until a later phase sets `none`.
    case storageFaults(Phase.StorageFaults)
    /// Checks every acknowledged mutation against the engine: readable or on disk at its latest version.
    case verify

    public var kind: String {
        switch self {
        case .restart: "restart"
        case .storageFaults: "storage_faults"
        case .verify: "verify"
        }
    }
}

/// What measuring costs, and kvbench's own speed.
public enum InstrumentationPhase: Sendable, Equatable {
    /// Pauses (false) or resumes (true) memory-domain tracking, to measure what it costs.
    case domainTracking(enabled: Bool)
    /// Times this many domain switches (enter and leave a guard) on one thread.
    case switchCost(switches: Int)
    /// Times kvbench itself: `validate` over the workload directory (absolute path) and its
    /// subdirectories, `compare` of two synthetic 20 × 10 result sets, writing the reports of a
    /// synthetic 10 × 10k-sample run.
    case toolTimings(workloads: String)
    /// Stats requests from front-end connections, collected by background tasks that hold the
    /// command's cookie while the client may close its connection (the folly change, MB-48816).
    case stats(Phase.StatsRequests)

    public var kind: String {
        switch self {
        case .domainTracking: "domain_tracking"
        case .switchCost: "switch_cost"
        case .toolTimings: "tool_timings"
        case .stats: "stats"
        }
    }
}

/// Waiting and running phases side by side.
public enum ControlPhase: Sendable, Equatable {
    /// Polls until the condition holds; fails the repetition after `timeout`.
    case wait(until: WaitCondition, timeout: Double)
    /// Does nothing for a while.
    case sleep(seconds: Double)
    /// Runs each branch (a list of phases) on its own thread at the same time.
    case parallel([[Phase]])

    public var kind: String {
        switch self {
        case .wait: "wait"
        case .sleep: "sleep"
        case .parallel: "parallel"
        }
    }
}
