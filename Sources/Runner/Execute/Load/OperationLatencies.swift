#if canImport(Glibc)
import Glibc
#endif
import Histogram
import Results

/// A worker's latency histograms, one per operation, in nanoseconds (HdrHistogram, 3 significant
/// digits, up to 60 s). Each worker owns its own; the phase merges them after joining the threads.
struct OperationLatencies: Sendable {
    private(set) var histograms: [String: Histogram<UInt64>] = [:]

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }

    /// Sleeps until the monotonic clock reaches `deadline` (nanoseconds).
    static func sleep(until deadline: UInt64) {
        var spec = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &spec, nil) == EINTR {}
    }

    mutating func record(_ operation: String, since start: UInt64) {
        let elapsed = Self.now() &- start
        if histograms[operation] == nil { histograms[operation] = Histogram<UInt64>(highestTrackableValue: 60_000_000_000) }
        _ = histograms[operation]!.record(min(elapsed, 60_000_000_000))
    }

    mutating func add(_ other: OperationLatencies) {
        for (operation, histogram) in other.histograms {
            if histograms[operation] == nil { histograms[operation] = histogram } else { histograms[operation]!.add(histogram) }
        }
    }

    /// Percentiles per operation, in microseconds.
    func records(phase: String) -> [LatencyRecord] {
        histograms.keys.sorted().map { operation in
            let h = histograms[operation]!
            func us(_ percentile: Double) -> Double { Double(h.valueAtPercentile(percentile)) / 1000 }
            return LatencyRecord(phase: phase, operation: operation, count: Int(h.totalCount), p50: us(50), p90: us(90), p99: us(99),
                                 p999: us(99.9), max: Double(h.max) / 1000)
        }
    }
}
