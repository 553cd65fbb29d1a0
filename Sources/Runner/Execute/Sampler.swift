#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Engine
import MemoryTracking
import Results
import Locking
import Synchronization

/// Records a time series on its own thread (in the untracked domain) every `interval`: engine
/// checkpoint figures, per-domain bytes when the allocator has domain counters, the allocator's
/// own process figures (and jemalloc's fragmentation ratios), and RSS.
/// `epoch` refreshes cost tens of microseconds, which is why this runs on an interval and never
/// per operation. Samples are taken under `gate`, so a phase that measures allocator deltas can
/// hold the gate to keep the sampler out of its measurement window.
final class Sampler: Sendable {
    /// Samples taken; held while sampling (a zero-size lock value confuses ThreadSanitizer).
    let gate = LockedValue<Int>(0)
    private let engine: BucketHandle
    private let clock: RepetitionClock
    private let phase: Atomic<Int>
    private let intervalNanoseconds: Int
    private let allocator: AllocatorInfo
    private let columns: [SampledSeries]
    private let running = Atomic<Bool>(false)
    private let wakeUp = DispatchSemaphore(value: 0)
    private let series: LockedValue<TimeSeries>
    private let thread = LockedValue<pthread_t?>(nil)

    init(engine: BucketHandle, clock: RepetitionClock, intervalSeconds: Double, allocator: AllocatorInfo, baseline: DomainBaseline) {
        self.engine = engine
        self.clock = clock
        self.allocator = allocator
        columns = SampledSeries.columns(allocator: allocator, figures: ProcessAllocatorFigures.read(allocator.kind).keys.sorted(), baseline: baseline)
        phase = Atomic(0)
        intervalNanoseconds = Int(intervalSeconds * 1e9)
        series = LockedValue(TimeSeries(metrics: columns.map(\.name), values: columns.map { _ in [] }))
    }

    func setPhase(_ index: Int) { phase.store(index, ordering: .relaxed) }

    func start() {
        running.store(true, ordering: .relaxed)
        let handle = TrackedThread.start(name: "kvb-sampler") { self.loop() }
        thread.withLock { $0 = handle }
    }

    /// Stops the thread, takes one last sample and returns the series.
    func stop() -> TimeSeries {
        running.store(false, ordering: .relaxed)
        wakeUp.signal()
        if let handle = thread.withLock({ $0 }) { pthread_join(handle, nil) }
        sample()
        return series.withLock { $0 }
    }

    /// Samples every interval until stopped; `stop` wakes the wait, however long the interval.
    private func loop() {
        while running.load(ordering: .relaxed) {
            sample()
            _ = wakeUp.wait(timeout: .now() + .nanoseconds(intervalNanoseconds))
        }
    }

    private func sample() {
        gate.withLock { taken in
            taken += 1
            let inputs = SampledSeries.Inputs(bucket: engine.bucket, figures: ProcessAllocatorFigures.read(allocator.kind))
            let row = columns.map { $0.read(inputs) }
            let t = clock.seconds
            let phaseIndex = phase.load(ordering: .relaxed)
            series.withLock { series in
                series.t.append(t)
                series.phase.append(phaseIndex)
                for index in row.indices { series.values[index].append(row[index]) }
            }
        }
    }
}
