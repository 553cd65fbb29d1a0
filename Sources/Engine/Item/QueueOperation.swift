/// What a queued item is, using ep-engine's `queue_op` names. Everything except `mutation` and
/// `deletion` is a meta item: it takes seqno `high_seqno + 1` without consuming it.
public enum QueueOperation: UInt8, Sendable {
    /// The placeholder every checkpoint starts with so that cursors can "advance, then read".
    case empty
    case checkpointStart
    case checkpointEnd
    case setVBucketState
    case mutation
    case deletion

    public var isMetaItem: Bool { self != .mutation && self != .deletion }

    /// ep-engine's key for meta items, kept so that dumps look familiar.
    var metaKey: String {
        switch self {
        case .empty: "dummy_key"
        case .checkpointStart: "checkpoint_start"
        case .checkpointEnd: "checkpoint_end"
        case .setVBucketState: "set_vbucket_state"
        case .mutation, .deletion: ""
        }
    }
}
