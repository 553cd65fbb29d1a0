/// ep-engine's executor pools. Readers run backfills and background fetches, writers flush,
/// auxIO serves DCP backfill management, nonIO runs in-memory housekeeping (item pager,
/// checkpoint memory recovery, quota change).
public enum TaskPoolKind: String, Sendable, CaseIterable, Codable {
    case reader
    case writer
    case auxIO
    case nonIO
}
