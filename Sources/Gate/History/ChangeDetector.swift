import Foundation
import Results

/// Turns the change points of one series into `DetectedChange`s: scales the per-commit medians,
/// estimates their noise, finds the changes (`ChangePoints`), then measures each against the
/// repetitions on both sides — a change the repetitions do not confirm (Mann–Whitney p > 0.05)
/// is not reported.
enum ChangeDetector {
    /// Below this relative noise, a change is a change: exactly repeatable figures (σ = 0) would
    /// otherwise call every last byte a change of level.
    static let noiseFloor = 0.001
    /// Repetitions of at most this many commits each side test a change, so that a change is
    /// judged by its neighbourhood rather than by the whole history.
    static let neighbourhood = 30

    static func changes(_ series: HistorySeries, index: Int, sequence: [String]) -> [DetectedChange] {
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
            guard !before.isEmpty, !after.isEmpty,
                  let test = MannWhitney.test(before.flatMap(\.values), after.flatMap(\.values)), test.pValue <= Comparator.significance else { continue }
            let from = Bootstrap.median(before.map(\.median)), to = Bootstrap.median(after.map(\.median))
            let relative = from != 0 ? to / from - 1 : nil
            let lastBefore = points[change.start - 1].position, lastPosition = points[change.end].position
            let tested = Set(points.map(\.position))
            changes.append(DetectedChange(
                series: index, kind: change.isRamp ? .drift : .step, before: lastBefore, first: points[change.start].position, last: lastPosition,
                untested: ((lastBefore + 1)..<lastPosition).filter { !tested.contains($0) }, from: from, to: to, relative: relative,
                confidence: 1 - test.pValue, outcome: outcome(series.direction, from: from, to: to),
                beyondThreshold: abs(relative ?? .infinity) > (series.threshold ?? 0),
                workloadChanged: points[change.start - 1].workloadSHA256 != points[change.end].workloadSHA256))
        }
        return changes
    }

    /// The noise of one (scaled) per-commit median: the larger of what neighbouring commits
    /// show (with eight or more commits) and what the repetitions within a commit show (the
    /// standard error of a median, 1.2533 σ / √n), and at least `noiseFloor`.
    private static func noise(_ series: HistorySeries, values: [Double], scale: Double) -> Double {
        let between = values.count >= 8 ? ChangePoints.noise(values) : 0
        let errors = series.points.compactMap { point -> Double? in
            guard point.values.count > 1, let statistics = Statistics(point.values) else { return nil }
            return 1.2533 * statistics.stddev / Double(point.values.count).squareRoot() / (scale > 0 ? scale : 1)
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
