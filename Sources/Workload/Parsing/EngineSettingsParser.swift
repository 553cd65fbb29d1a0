import Yams

/// The `engine:` block.
enum EngineSettingsParser {
    static func parse(_ node: Node, _ reader: NodeReader) throws(WorkloadError) -> EngineSettings {
        var settings = EngineSettings()
        let fields = try reader.mapping(node, "engine", allowed: [
            "quota", "vbuckets", "eviction", "checkpoint", "persistence", "data_directory", "mem_low_wat_percent",
            "mem_high_wat_percent", "mutation_mem_ratio", "bucket_quota_change_task_poll_interval",
            "test_extra_checkpoint_bytes_per_item", "pager_sleep_time", "chk_remover_stime", "checkpoint_destruction_tasks",
            "num_reader_threads", "num_writer_threads", "num_auxio_threads", "num_nonio_threads", "max_num_shards",
            "dcp_backfill_run_duration_limit", "backfill_memory_snooze",
        ])
        settings.tasks = try parseTasks(fields, reader)
        if let node = fields["test_extra_checkpoint_bytes_per_item"] {
            settings.testExtraCheckpointBytesPerItem = try reader.size(node, "engine.test_extra_checkpoint_bytes_per_item", in: 0...(1 << 20))
        }
        if let node = fields["persistence"] { settings.persistence = try reader.bool(node, "engine.persistence") }
        if let node = fields["data_directory"] { settings.dataDirectory = try reader.string(node, "engine.data_directory") }
        if let node = fields["mem_low_wat_percent"] { settings.memLowWatPercent = try reader.double(node, "engine.mem_low_wat_percent", in: 0.01...0.99) }
        if let node = fields["mem_high_wat_percent"] { settings.memHighWatPercent = try reader.double(node, "engine.mem_high_wat_percent", in: 0.01...0.99) }
        if let node = fields["mutation_mem_ratio"] { settings.mutationMemRatio = try reader.double(node, "engine.mutation_mem_ratio", in: 0.01...1) }
        if let node = fields["bucket_quota_change_task_poll_interval"] {
            settings.bucketQuotaChangeTaskPollInterval = try reader.duration(node, "engine.bucket_quota_change_task_poll_interval", in: Limits.pollInterval)
        }
        if settings.memLowWatPercent >= settings.memHighWatPercent {
            throw reader.error(fields["mem_low_wat_percent"] ?? fields["mem_high_wat_percent"], "engine.mem_low_wat_percent",
                               "the low watermark (\(settings.memLowWatPercent)) must be below the high watermark (\(settings.memHighWatPercent))")
        }
        if let quota = fields["quota"] { settings.quota = try reader.size(quota, "engine.quota", in: Limits.quota) }
        if let vbuckets = fields["vbuckets"] {
            settings.vbuckets = try reader.count(vbuckets, "engine.vbuckets", example: "64", in: Limits.vbuckets)
            guard settings.vbuckets <= 1024 else {
                throw reader.error(vbuckets, "engine.vbuckets", "at most 1024 vBuckets (max_vbuckets), got \(settings.vbuckets)")
            }
        }
        if let eviction = fields["eviction"] {
            settings.eviction = try reader.choice(eviction, "engine.eviction", among: ["value_only", "full_eviction"])
        }
        if let checkpoint = fields["checkpoint"] {
            let values = try reader.mapping(checkpoint, "engine.checkpoint", allowed: [
                "max_size", "memory_ratio", "max_checkpoints", "expel", "recovery_upper_mark", "recovery_lower_mark",
            ])
            if let node = values["recovery_upper_mark"] {
                settings.checkpoint.recoveryUpperMark = try reader.double(node, "engine.checkpoint.recovery_upper_mark", in: 0.01...1)
            }
            if let node = values["recovery_lower_mark"] {
                settings.checkpoint.recoveryLowerMark = try reader.double(node, "engine.checkpoint.recovery_lower_mark", in: 0.01...1)
            }
            if let node = values["max_size"] { settings.checkpoint.maxSize = try reader.size(node, "engine.checkpoint.max_size") }
            if let node = values["memory_ratio"] {
                settings.checkpoint.memoryRatio = try reader.double(node, "engine.checkpoint.memory_ratio", in: 0.01...1)
            }
            if let node = values["max_checkpoints"] {
                settings.checkpoint.maxCheckpoints = try reader.count(node, "engine.checkpoint.max_checkpoints", example: "10", in: Limits.checkpoints)
            }
            if let node = values["expel"] { settings.checkpoint.expel = try reader.bool(node, "engine.checkpoint.expel") }
            if settings.checkpoint.recoveryLowerMark >= settings.checkpoint.recoveryUpperMark {
                throw reader.error(checkpoint, "engine.checkpoint", "recovery_lower_mark must be below recovery_upper_mark")
            }
        }
        return settings
    }

    /// ep-engine's task timings and thread counts.
    private static func parseTasks(_ fields: [String: Node], _ reader: NodeReader) throws(WorkloadError) -> EngineSettings.TaskSettings {
        var tasks = EngineSettings.TaskSettings()
        if let node = fields["pager_sleep_time"] { tasks.pagerSleepTime = try reader.duration(node, "engine.pager_sleep_time", in: 0.01...3600) }
        if let node = fields["chk_remover_stime"] {
            tasks.checkpointRemoverInterval = try reader.duration(node, "engine.chk_remover_stime", in: 0.01...3600)
        }
        func count(_ key: String, in range: ClosedRange<Int>) throws(WorkloadError) -> Int? {
            try fields[key].map { node throws(WorkloadError) in try reader.count(node, "engine.\(key)", example: "2", in: range) }
        }
        tasks.checkpointDestructionTasks = try count("checkpoint_destruction_tasks", in: 1...64)
        tasks.maxNumShards = try count("max_num_shards", in: 1...64)
        if let node = fields["dcp_backfill_run_duration_limit"] {
            tasks.backfillRunDurationLimit = try reader.duration(node, "engine.dcp_backfill_run_duration_limit", in: 0.001...60)
        }
        if let node = fields["backfill_memory_snooze"] {
            tasks.backfillMemorySnooze = try reader.duration(node, "engine.backfill_memory_snooze", in: 0.001...60)
        }
        tasks.readerThreads = try count("num_reader_threads", in: Limits.workers)
        tasks.writerThreads = try count("num_writer_threads", in: Limits.workers)
        tasks.auxIOThreads = try count("num_auxio_threads", in: Limits.workers)
        tasks.nonIOThreads = try count("num_nonio_threads", in: Limits.workers)
        return tasks
    }
}
