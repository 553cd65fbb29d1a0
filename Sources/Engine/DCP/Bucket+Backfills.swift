/// Bucket-wide backfill figures (ep-engine's `ep_dcp_num_running_backfills` and its cancel count).
extension Bucket {
    /// Backfills holding one of the bucket's running-backfill slots now.
    public var runningBackfills: Int { activeBackfills.load(ordering: .relaxed) }

    /// Backfills cancelled before they finished: their producer closed or went away, or their
    /// stream died while they waited.
    public var backfillsCancelled: Int { cancelledBackfills.load(ordering: .relaxed) }
}
