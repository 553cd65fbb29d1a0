#if canImport(Glibc)
import Glibc
#endif
import Engine
import MemoryTracking
import Results
import Workload

/// Runs one repetition of a workload inside this process (the child side of `kvbench run`):
/// creates the bucket, starts the sampler, executes the phases in order and returns the record
/// with every metric. Call from one thread; it starts and joins its own worker threads.
public struct RepetitionExecutor {
    let workload: Workload
    let index: Int
    let warmup: Bool
    let progress: (String) -> Void

    public init(workload: Workload, index: Int, warmup: Bool, progress: @escaping (String) -> Void) {
        self.workload = workload
        self.index = index
        self.warmup = warmup
        self.progress = progress
    }

    public func run() -> RepetitionRecord {
        let allocator = AllocatorInfo.detect()
        let jemalloc = allocator.hasDomainCounters
        let configuration = BucketConfiguration(workload.engine)
        MemoryDomain.setFoldThreshold(Int64(Double(configuration.maxSize) * 0.005 / Double(max(1, ProcessInfoCores.count))))
        let bucket = Bucket(configuration: configuration)
        let clock = RepetitionClock()
        let sampler = Sampler(bucket: bucket, clock: clock, intervalSeconds: 0.1, jemalloc: jemalloc)
        var state = PhaseState(bucket: bucket, workload: workload, clock: clock, sampler: sampler, jemalloc: jemalloc)

        sampler.start()
        for (phaseIndex, phase) in workload.phases.enumerated() {
            progress("phase \(phaseIndex + 1)/\(workload.phases.count) \(phase.kind)")
            sampler.setPhase(phaseIndex)
            state.execute(phase, index: phaseIndex)
        }
        let timeseries = sampler.stop()
        state.finish()

        var unavailable: [String] = []
        if let reason = allocator.unavailableReason {
            unavailable.append("\(reason): checkpoint.allocator.freed_by_expel, mem.primary.*, mem.process.allocated, mem.process.resident")
        }
        return RepetitionRecord(
            index: index, warmup: warmup, status: .ok,
            allocator: AllocatorRecord(kind: allocator.kind.rawValue, path: allocator.path, version: allocator.version),
            metrics: state.metrics, phases: state.phases, markers: state.markers, timeseries: timeseries,
            unavailable: unavailable
        )
    }
}

enum ProcessInfoCores {
    static var count: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
