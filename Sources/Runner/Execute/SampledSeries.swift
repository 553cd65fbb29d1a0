import Engine
import MemoryTracking
import Results
import Workload

/// One column of the time series: the catalog metric it records and how to read it from one
/// sample's inputs. The sampler holds a list of these, so a column's name and its value can never
/// be paired up wrongly.
struct SampledSeries: Sendable {
    /// What one sample reads from: the bucket in service and the allocator's process figures.
    struct Inputs {
        let bucket: Bucket
        let figures: [String: UInt64]
    }

    let name: String
    let read: @Sendable (Inputs) -> Double

    init(_ definition: MetricDefinition, _ parts: String..., read: @escaping @Sendable (Inputs) -> Double) {
        precondition(definition.recording.inSeries, "\(definition.pattern) is not recorded over time")
        name = definition.name(parts)
        self.read = read
    }

    /// The columns for a process served by `allocator`, whose process figures are `figures`.
    static func columns(allocator: AllocatorInfo, figures: [String], baseline: DomainBaseline) -> [SampledSeries] {
        var columns = [
            SampledSeries(Metrics.checkpointMemory) { Double($0.bucket.checkpointMemoryTotal) },
            SampledSeries(Metrics.checkpointItems) { Double($0.bucket.checkpointItems) },
            SampledSeries(Metrics.rss) { _ in Double(ProcessMemory.residentBytes() ?? 0) },
            SampledSeries(Metrics.backfillItems) { Double($0.bucket.backfillProgress.items) },
            SampledSeries(Metrics.backfillBufferBytes) { Double($0.bucket.backfillProgress.bufferBytes) },
        ]
        let gauges: [(MetricDefinition, Gauge)] = [
            (Metrics.memUsed, .memUsed), (Metrics.quota, .quota), (Metrics.highWatermark, .highWat), (Metrics.lowWatermark, .lowWat),
            (Metrics.valuesEvicted, .valuesEvicted), (Metrics.itemsEvicted, .itemsEvicted), (Metrics.tmpOOMErrorsSeries, .tmpOOMErrors),
            (Metrics.persistenceLag, .persistenceLag), (Metrics.checkpointMemoryPendingDestruction, .checkpointMemoryPendingDestruction),
            (Metrics.runningBackfills, .runningBackfills),
        ]
        columns += gauges.map { definition, gauge in SampledSeries(definition) { EngineGauges.value(gauge, of: $0.bucket) } }
        if allocator.hasDomainCounters {
            columns.append(SampledSeries(Metrics.primaryAllocated) { _ in Double(baseline.since(.primary)) })
            columns.append(SampledSeries(Metrics.secondaryAllocated) { _ in Double(baseline.since(.secondary)) })
        }
        columns += figures.map { figure in SampledSeries(Metrics.processFigure, figure) { Double($0.figures[figure] ?? 0) } }
        if allocator.kind == .jemalloc {
            columns.append(SampledSeries(Metrics.fragmentationActive) { ratio($0.figures["active"], $0.figures["allocated"]) })
            columns.append(SampledSeries(Metrics.fragmentationResident) { ratio($0.figures["resident"], $0.figures["allocated"]) })
        }
        return columns
    }

    private static func ratio(_ part: UInt64?, _ whole: UInt64?) -> Double {
        Double(part ?? 0) / Double(max(1, whole ?? 1))
    }
}
