/// ep-engine's vBucket states. Only `active` serves front-end traffic here.
public enum VBucketState: UInt8, Sendable, CaseIterable {
    case active = 1
    case replica = 2
    case pending = 3
    case dead = 4

    public var name: String {
        switch self {
        case .active: "active"
        case .replica: "replica"
        case .pending: "pending"
        case .dead: "dead"
        }
    }
}
