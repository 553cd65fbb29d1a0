import Results

/// `report.html`: one self-contained page (inline CSS and SVG, no script, no network) with the
/// run's header, what could not be measured, the metric table, memory over time with phases and
/// snapshot markers, the workload file and the command that reproduces the run.
public struct HTMLReport: ReportExporter {
    public init() {}

    public var fileName: String { "report.html" }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
    static let memorySeries = [Metrics.primaryAllocated.name(), Metrics.secondaryAllocated.name(), Metrics.checkpointMemory.name(),
                               Metrics.processFigure.name("allocated"), Metrics.processFigure.name("resident")]
    static let fragmentationSeries = [Metrics.fragmentationActive.name(), Metrics.fragmentationResident.name()]
    static let quotaSeries = [Metrics.memUsed, Metrics.quota, Metrics.highWatermark, Metrics.lowWatermark].map { $0.name() }
    static let evictionSeries = [Metrics.valuesEvicted, Metrics.itemsEvicted, Metrics.tmpOOMErrorsSeries].map { $0.name() }

    public func render(_ run: RunResult) -> String {
        let meta = run.metadata
        let measured = run.measured
        let status = RunStatus(run)
        var body = "<h1>\(Markup.escape(run.workload.name))</h1>"
        body += "<p class=\"badges\">"
        body += badge(status.complete ? "ok" : "bad", status.text)
        body += badge(meta.allocator.kind == "jemalloc" ? "ok" : "warn", "allocator: \(meta.allocator.kind)")
        body += badge("info", "\(measured.count) measured, \(run.repetitions.filter(\.warmup).count) warm-up")
        body += "</p>"
        body += "<table class=\"meta\">"
        let rows: [(String, String)] = [
            ("commit", meta.commit + (meta.dirty ? " (dirty)" : "") + " on " + meta.branch),
            ("when", meta.timestamp),
            ("host", "\(meta.host.hostname): \(meta.host.cpuModel), \(meta.host.cores) cores, \(NumberText.bytes(Double(meta.host.memoryBytes))), Linux \(meta.host.kernel)"),
            ("build", "Swift \(meta.swiftVersion), \(meta.buildConfiguration), kvbench \(meta.kvbenchVersion)"),
            ("allocator", [meta.allocator.kind, meta.allocator.version ?? "", meta.allocator.path].filter { !$0.isEmpty }.joined(separator: " · ")),
            ("engine memory", engineMemory(run)),
            ("workload file", "\(run.workload.file) (sha256 \(run.workload.sha256.prefix(16))…)"),
        ]
        for (key, value) in rows { body += "<tr><th>\(key)</th><td>\(Markup.escape(value))</td></tr>" }
        body += "</table>"

        let unavailable = Set(run.repetitions.flatMap(\.unavailable)).sorted()
        if !unavailable.isEmpty {
            body += "<div class=\"notice\"><strong>Not measured:</strong><ul>"
            body += unavailable.map { "<li>\(Markup.escape($0))</li>" }.joined()
            body += "</ul></div>"
        }
        for repetition in run.repetitions where repetition.status == .failed {
            body += "<div class=\"notice bad\"><strong>Repetition \(repetition.index) failed.</strong><pre>\(Markup.escape(repetition.failure ?? ""))</pre></div>"
        }

        body += "<h2>Metrics</h2>" + metricTable(run) + crossChecks(run)
        if let first = measured.first ?? run.repetitions.first(where: { $0.status == .ok }) {
            body += "<h2>Memory over time</h2><p class=\"muted\">Repetition \(first.index); shaded bands are phases, vertical lines are snapshots and expel.</p>"
            body += chart(first, title: "Memory (bytes)", series: Self.memorySeries)
            if first.timeseries.series(Self.fragmentationSeries[0]) != nil {
                body += chart(first, title: "Fragmentation (jemalloc active / allocated and resident / allocated)",
                              series: Self.fragmentationSeries,
                              format: { String(format: "%.2f", $0) })
            }
            body += expelSection(run)
            if run.repetitions.contains(where: { $0.markers.contains { $0.label.hasPrefix("quota") } }) {
                body += "<h2>Quota and watermarks</h2><p class=\"muted\">mem_used against the quota and the high/low watermarks in force.</p>"
                body += chart(first, title: "Quota, watermarks and mem_used (bytes)", series: Self.quotaSeries)
                body += chart(first, title: "Evictions and refused writes (cumulative count)", series: Self.evictionSeries, format: NumberText.plain)
            }
            if first.timeseries.series(Metrics.backfillItems.name())?.contains(where: { $0 > 0 }) == true {
                body += "<h2>Backfill</h2><p class=\"muted\">Items read from disk so far, and bytes waiting in backfill buffers.</p>"
                body += chart(first, title: "Backfilled items (count)", series: [Metrics.backfillItems.name()], format: NumberText.plain)
                body += chart(first, title: "Backfill buffer occupancy (bytes)", series: [Metrics.backfillBufferBytes.name()])
            }
            body += phaseTable(first)
            body += latencyTable(first)
            body += profilesSection(first)
        }
        body += "<h2>Reproduce</h2><pre>\(Markup.escape(run.command.map(shellQuote).joined(separator: " ")))</pre>"
        body += "<h2>Workload file</h2><pre>\(Markup.escape(run.workload.text))</pre>"
        return Markup.page(title: "kvbench · \(run.workload.name)", body: body)
    }

    /// The Secondary domain measured by jemalloc beside SQLite's own count. SQLite (as Debian
    /// builds it, without SQLITE_USE_MALLOC_USABLE_SIZE) counts the bytes it asked for plus an
    /// 8-byte header; jemalloc charges whole size classes, and page-cache pages of ~4.3 KB land in
    /// the 5 KiB class, so the allocator's figure runs up to ~20% higher.
    private func crossChecks(_ run: RunResult) -> String {
        let rows = SummaryRow.medians(for: run)
        guard let allocator = rows[Metrics.secondaryAllocated.name()], let sqlite = rows[Metrics.sqliteReported.name()], sqlite > 0 else { return "" }
        let difference = (allocator - sqlite) / sqlite
        var html = "<h3>Cross-check: Secondary domain</h3><p>jemalloc-measured <code>mem.secondary.allocated</code> "
        html += "\(Markup.escape(NumberText.bytes(allocator))) vs SQLite's own <code>mem.secondary.sqlite_reported</code> "
        html += "\(Markup.escape(NumberText.bytes(sqlite))): \(String(format: "%+.1f%%", difference * 100)).</p>"
        if abs(difference) > 0.10 {
            html += "<p class=\"muted\">More than 10% apart. SQLite counts the bytes it requests (plus an 8-byte header; "
            html += "Debian's build does not use malloc_usable_size), jemalloc charges whole size classes: page-cache pages of "
            html += "about 4.3 KB are served from the 5 KiB class, so the allocator's figure is expected to run up to ~20% higher.</p>"
        }
        return html
    }

    /// Checkpoint memory before and after expel, and what expel freed by the engine's account
    /// beside what the allocator saw released.
    private func expelSection(_ run: RunResult) -> String {
        let medians = SummaryRow.medians(for: run)
        guard let engineFreed = medians[Metrics.engineFreedByExpel.name()] else { return "" }
        var bars: [(String, Double, String)] = []
        if let before = medians[Metrics.checkpointMemoryAt.name("before_expel")] { bars.append(("checkpoint memory before expel", before, "#9ab")) }
        if let after = medians[Metrics.checkpointMemoryAt.name("after_expel")] { bars.append(("checkpoint memory after expel", after, "#9ab")) }
        bars.append(("freed by expel (engine estimate)", engineFreed, "#1f77b4"))
        if let allocator = medians[Metrics.allocatorFreedByExpel.name()] { bars.append(("freed by expel (jemalloc, Primary)", allocator, "#d62728")) }
        let top = bars.map(\.1).max() ?? 1
        var svg = "<svg viewBox=\"0 0 900 \(bars.count * 26 + 6)\" role=\"img\" aria-label=\"Checkpoint memory and expel\">"
        for (index, bar) in bars.enumerated() {
            let y = index * 26 + 4
            let width = top > 0 ? bar.1 / top * 560 : 0
            svg += "<text x=\"0\" y=\"\(y + 15)\">\(Markup.escape(bar.0))</text>"
            svg += String(format: "<rect x=\"260\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%@\"><title>%@</title></rect>", y, width, bar.2,
                          Markup.escape(NumberText.bytes(bar.1)))
            svg += String(format: "<text x=\"%.1f\" y=\"%d\">%@</text>", 266 + width, y + 15, Markup.escape(NumberText.bytes(bar.1)))
        }
        svg += "</svg>"
        return "<h2>Checkpoint memory and expel</h2><p class=\"muted\">Medians. The engine counts every expelled item's value; "
            + "values still shared with the hash table are not freed, which the allocator's figure shows.</p><figure>\(svg)</figure>"
            + perItem(medians)
    }

    /// Per expelled item, for the key length of the workload: the engine's estimate without
    /// values beside what the allocator saw freed.
    private func perItem(_ medians: [String: Double]) -> String {
        guard let keyBytes = medians[Metrics.expelledKeyBytes.name()], let engine = medians[Metrics.engineBytesPerItem.name()] else { return "" }
        var text = "<p>Per expelled item, keys of \(NumberText.plain(keyBytes.rounded())) B: the engine's estimate "
            + "\(NumberText.plain(engine.rounded())) B (without the value)"
        if let allocator = medians[Metrics.allocatorBytesPerItem.name()], allocator > 0 {
            text += ", the allocator freed \(NumberText.plain(allocator.rounded())) B: estimate ÷ allocator "
                + String(format: "%.2f", engine / allocator)
        }
        return text + ".</p>"
    }

    /// Where `mem_used` came from and whether hashing was deterministic, as the repetitions said.
    private func engineMemory(_ run: RunResult) -> String {
        let completed = run.repetitions.filter { $0.status == .ok }
        let sources = Set(completed.compactMap(\.memUsedSource)).sorted()
        let hashing = Set(completed.compactMap(\.deterministicHashing))
        let source = sources.isEmpty ? "not recorded" : sources.map {
            $0 == "allocator" ? "the allocator's per-domain counters" : "the engine's own accounting (no per-domain counters)"
        }.joined(separator: " / ")
        let seed = hashing == [true] ? "deterministic hashing" : hashing == [false] ? "random hash seeds" : "hashing not recorded"
        return "mem_used from \(source); \(seed)"
    }

    private func badge(_ kind: String, _ text: String) -> String {
        "<span class=\"badge \(kind)\">\(Markup.escape(text))</span>"
    }

    private func metricTable(_ run: RunResult) -> String {
        let rows = SummaryRow.rows(for: run)
        guard !rows.isEmpty else { return "<p class=\"muted\">No completed measured repetition.</p>" }
        var html = "<table class=\"metrics\"><thead><tr><th>metric</th><th>median</th><th>min</th><th>max</th><th>cv</th><th>n</th><th>better</th><th>kind</th></tr></thead><tbody>"
        for row in rows {
            let s = row.statistics
            let meaning = row.definition.map { " title=\"\(Markup.escape($0.summary))\"" } ?? ""
            html += "<tr><td\(meaning)><code>\(Markup.escape(row.metric))</code></td>"
            html += "<td class=\"num\" title=\"\(NumberText.plain(s.median)) \(Markup.escape(row.unit))\">\(Markup.escape(NumberText.human(s.median, unit: row.unit)))</td>"
            html += "<td class=\"num\">\(Markup.escape(NumberText.human(s.min, unit: row.unit)))</td>"
            html += "<td class=\"num\">\(Markup.escape(NumberText.human(s.max, unit: row.unit)))</td>"
            html += "<td class=\"num\">\(String(format: "%.1f%%", s.cv * 100))</td><td class=\"num\">\(s.count)</td>"
            html += "<td>\(row.direction.rawValue)</td><td>\(row.definition?.kind.rawValue ?? "")</td></tr>"
        }
        return html + "</tbody></table>"
    }

    private func chart(_ repetition: RepetitionRecord, title: String, series names: [String],
                       format: @escaping (Double) -> String = NumberText.bytes) -> String {
        let series = repetition.timeseries
        let lines = names.enumerated().compactMap { index, name -> SVGLineChart.Series? in
            guard let values = series.series(name) else { return nil }
            return SVGLineChart.Series(name: name, x: series.t, y: values, color: Self.palette[index % Self.palette.count])
        }
        let chart = SVGLineChart(
            title: title,
            series: lines,
            bands: repetition.phases.filter { $0.path == nil }.map { SVGLineChart.Band(start: $0.start, end: $0.end, label: $0.label) },
            marks: repetition.markers.map { SVGLineChart.Mark(x: $0.t, label: $0.label) },
            yFormat: format
        )
        return chart.render()
    }

    private func phaseTable(_ repetition: RepetitionRecord) -> String {
        var html = "<table class=\"metrics\"><thead><tr><th>phase</th><th>start</th><th>duration</th><th>ops</th></tr></thead><tbody>"
        for phase in repetition.phases {
            html += "<tr><td>\(Markup.escape(phase.label))</td><td class=\"num\">\(String(format: "%.3f s", phase.start))</td>"
            html += "<td class=\"num\">\(Markup.escape(NumberText.human(phase.end - phase.start, unit: "seconds")))</td><td class=\"num\">\(phase.ops)</td></tr>"
        }
        return html + "</tbody></table>"
    }

    private func profilesSection(_ repetition: RepetitionRecord) -> String {
        guard let profiles = repetition.profiles, !profiles.isEmpty else { return "" }
        var html = "<h2>CPU profiles</h2><p class=\"muted\">Repetition \(repetition.index), one gperftools profile per phase "
        html += "(open with <code>google-pprof --web kvbench FILE</code>); the top functions by samples:</p>"
        for profile in profiles {
            html += "<h3><a href=\"\(Markup.escape(profile.file))\">\(Markup.escape(profile.phase))</a></h3>"
            html += "<pre>\(Markup.escape(profile.top.joined(separator: "\n")))</pre>"
        }
        return html
    }

    private func latencyTable(_ repetition: RepetitionRecord) -> String {
        guard let latencies = repetition.latencies, !latencies.isEmpty else { return "" }
        var html = "<h2>Latency</h2><p class=\"muted\">Repetition \(repetition.index), per phase and operation, microseconds (HdrHistogram).</p>"
        html += "<table class=\"metrics\"><thead><tr><th>phase</th><th>op</th><th>count</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr></thead><tbody>"
        for latency in latencies {
            html += "<tr><td>\(Markup.escape(latency.phase))</td><td>\(Markup.escape(latency.operation))</td><td class=\"num\">\(latency.count)</td>"
            html += [latency.p50, latency.p90, latency.p99, latency.p999, latency.max].map { "<td class=\"num\">\(String(format: "%.1f", $0))</td>" }.joined()
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }

    private func shellQuote(_ argument: String) -> String {
        argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,@%+".contains($0) } && !argument.isEmpty
            ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
