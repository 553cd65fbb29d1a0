import Foundation

/// Maps independent, pure work over the machine's cores: change detection and chart drawing
/// per series, which share nothing and dominate history and dashboards of long branches.
enum Parallel {
    static func map<Result: Sendable>(_ indices: Range<Int>, _ transform: @Sendable (Int) -> Result) -> [Result] {
        var results = [Result?](repeating: nil, count: indices.count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes its own slot only.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: indices.count) { offset in
                slots[offset] = transform(indices.lowerBound + offset)
            }
        }
        return results.map { $0! }
    }
}
