import Results

/// Runs one repetition somewhere and reports how it went. The suite runner sees repetitions only
/// through this protocol: `ChildProcessLauncher` runs each in a fresh child process; tests use an
/// in-process fake to exercise planning, scheduling and resuming without spawning anything.
public protocol RepetitionLauncher: Sendable {
    /// Runs `request` to its end and returns its record: completed (status `ok`), failed with the
    /// reason, or interrupted. Progress messages go to `onProgress` as they arrive.
    func run(_ request: RepetitionRequest, onProgress: @escaping @Sendable (String) -> Void) -> RepetitionRecord
}

/// What a repetition may use before it is stopped and recorded as failed.
public struct RepetitionLimits: Sendable, Equatable {
    /// Seconds of wall time; nil = no limit.
    public var timeout: Double?
    /// Resident bytes of the child; nil = no limit.
    public var memory: Int?

    public init(timeout: Double? = nil, memory: Int? = nil) {
        self.timeout = timeout
        self.memory = memory
    }
}
