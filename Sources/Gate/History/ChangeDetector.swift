import Foundation
import ResultIndex
import Results

/// Turns the change points of one series into `DetectedChange`s: scales the per-commit medians,
/// estimates their noise, finds the changes (`ChangePoints`), then measures each against the
/// repetitions on both sides — a change the repetitions do not confirm (Mann–Whitney p > 0.05,
/// or, for figures identical in every repetition, an exact comparison) is not reported.
enum ChangeDetector {
    /// Below this relative noise, a change is a change: exactly repeatable figures (σ = 0) would
    /// otherwise call every last byte a change of level.
    static let noiseFloor = 0.001
    /// Repetitions of at most this many commits each side test a change, so that a change is
    /// judged by its neighbourhood rather than by the whole history.
    static let neighbourhood = 30

    static func changes(_ series: HistorySeries, index: Int, sets: [IndexedSet]) -> [DetectedChange] {
        let points = series.points
        guard points.count > 1 else { return [] }
        let medians = points.map(\.median)
        let scale = Bootstrap.median(medians.map(abs))
        let values = scale > 0 && scale.isFinite ? medians.map { $0 / scale } : medians
        let found = ChangePoints.detect(values, sigma: noise(series, values: values, scale: scale))
        var changes: [DetectedChange] = []
        for (offset, change) in found.enumerated() {
            let previousEnd = offset == 0 ? 0 : found[offset - 1].end
            let nextStart = offset + 1 < found.count ? found[offset + 1].start : points.count
            let before = Array(points[max(previousEnd, change.start - neighbourhood)..<change.start])
            let after = Array(points[change.end..<min(nextStart, change.end + neighbourhood)])
            guard !before.isEmpty, !after.isEmpty, let pValue = pValue(before.flatMap(\.values), after.flatMap(\.values)),
                  pValue <= Comparator.significance else { continue }
            let from = Bootstrap.median(before.map(\.median)), to = Bootstrap.median(after.map(\.median))
            let relative = from != 0 ? to / from - 1 : nil
            let lastBefore = points[change.start - 1].position, lastPosition = points[change.end].position
            let tested = Set(points.map(\.position))
            changes.append(DetectedChange(
                series: index, kind: change.isRamp ? .drift : .step, before: lastBefore, first: points[change.start].position, last: lastPosition,
                untested: ((lastBefore + 1)..<lastPosition).filter { !tested.contains($0) }, from: from, to: to, relative: relative,
                confidence: 1 - pValue, outcome: outcome(series.direction, from: from, to: to),
                beyondThreshold: abs(relative ?? .infinity) > (series.threshold ?? 0),
                workloadChanged: sets[points[change.start - 1].set].workloadSHA256 != sets[points[change.end].set].workloadSHA256))
        }
        return changes
    }

    /// How likely the two sides' repetitions are alike: 0 when each side repeated one value
    /// exactly (at least twice) and the values differ — compared exactly, as the gate compares
    /// such metrics — else the two-sided Mann–Whitney p-value.
    private static func pValue(_ before: [Double], _ after: [Double]) -> Double? {
        if before.count >= 2, after.count >= 2, Set(before).count == 1, Set(after).count == 1 { return before[0] == after[0] ? 1 : 0 }
        return MannWhitney.test(before, after)?.pValue
    }

    /// The noise of one (scaled) per-commit median: the larger of what neighbouring commits
    /// show (with eight or more commits) and what the repetitions within a commit show (the
    /// standard error of a median, 1.2533 σ / √n), and at least `noiseFloor`.
    private static func noise(_ series: HistorySeries, values: [Double], scale: Double) -> Double {
        let between = values.count >= 8 ? ChangePoints.noise(values) : 0
        let errors = series.points.compactMap { point -> Double? in
            let count = Double(point.values.count)
            guard count > 1 else { return nil }
            let mean = point.values.reduce(0, +) / count
            let variance = point.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (count - 1)
            return 1.2533 * (variance / count).squareRoot() / (scale > 0 ? scale : 1)
        }
        let within = errors.isEmpty ? 0 : Bootstrap.median(errors)
        return max(between, within, noiseFloor)
    }

    private static func outcome(_ direction: Direction, from: Double, to: Double) -> Outcome {
        switch direction {
        case .neither: .changed
        case .lowerIsBetter: to > from ? .regressed : .improved
        case .higherIsBetter: to < from ? .regressed : .improved
        }
    }
}
