/// A function value in a box. Keep callbacks behind a lock in one of these: a bare function
/// value stored in a generic container is re-wrapped in a reabstraction thunk on every `inout`
/// access, and the chain grows with every call (seen in the DCP consumer: 250 µs per message).
public final class Callback<Argument>: Sendable {
    public let call: @Sendable (Argument) -> Void

    public init(_ call: @escaping @Sendable (Argument) -> Void) { self.call = call }
}
