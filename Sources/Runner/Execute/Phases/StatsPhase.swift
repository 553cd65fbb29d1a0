#if canImport(Glibc)
import Glibc
#endif
import Engine
import Locking
import MemoryTracking
import Results
import Workload

/// `stats`: front-end connections send stats commands; each is collected by a background task
/// that holds the command's cookie and resumes it on the front end (the folly change, MB-48816:
/// background threads must never write a connection). Each client waits for its answer before it
/// sends the next command, as a memcached client without pipelining does; every `close_every`
/// commands it sends one and goes away at once, so a background task completes a command whose
/// client is gone and the output is discarded. Every command must end written or discarded —
/// none lost — with no write from a background thread.
enum StatsPhase {
    static func run(_ spec: Phase.StatsRequests, _ step: PhaseStep, _ context: RepetitionContext,
                    _ ledger: inout MeasurementLedger) throws(PhaseFailure) -> Int {
        let bucket = context.bucket
        let answered = LockedValue([Int](repeating: 0, count: spec.connections))
        let frontEnds = (0..<spec.connections).map { FrontEndThread(name: "fe-stats-\($0)") }
        func connect(_ slot: Int, _ generation: Int) -> Connection {
            Connection(name: "stats-\(slot).\(generation)", frontEnd: frontEnds[slot]) { _ in answered.withLock { $0[slot] += 1 } }
        }
        var connections = frontEnds.indices.map { [connect($0, 0)] }
        var sent = [Int](repeating: 0, count: spec.connections)
        func settled(_ slot: Int) -> Int {
            answered.withLock { $0[slot] } + connections[slot].reduce(0) { $0 + $1.discardedOutputs }
        }
        let deadline = context.clock.seconds + 60
        for index in 0..<spec.requests {
            let slot = index % spec.connections
            while settled(slot) < sent[slot] && context.clock.seconds < deadline { usleep(100) }
            guard settled(slot) == sent[slot] else { break }
            let connection = connections[slot][connections[slot].count - 1]
            let group = Bucket.StatsGroup(rawValue: spec.groups[index % spec.groups.count]) ?? .memory
            let closes = spec.closeEvery.map { (index + 1) % $0 == 0 } ?? false
            // The cookie and the work posted to the front end are released there, in the bucket's domain.
            DomainGuard.run(.primary) {
                let cookie = Cookie(connection: connection) { cookie in try? cookie.connection.write(.stats(cookie.collected)) }
                frontEnds[slot].post { bucket.collectStats(group, cookie: cookie) }
                if closes { frontEnds[slot].post { connection.close() } }
            }
            sent[slot] += 1
            if closes { connections[slot].append(connect(slot, index + 1)) }
        }
        while frontEnds.indices.contains(where: { settled($0) < sent[$0] }) && context.clock.seconds < deadline { usleep(1000) }
        frontEnds.forEach { $0.stop() }
        let all = connections.flatMap { $0 }
        let requests = sent.reduce(0, +)
        let completed = answered.withLock { $0.reduce(0, +) }
        let discarded = all.reduce(0) { $0 + $1.discardedOutputs }
        let violations = all.reduce(0) { $0 + $1.ownershipViolations }
        let lost = requests - completed - discarded
        for (figure, value) in [("requests", requests), ("completed", completed), ("discarded", discarded), ("lost", lost),
                                ("ownership_violations", violations)] {
            ledger.record(Metrics.statsRequests, Double(value), step.path, figure)
        }
        guard violations == 0, lost == 0, requests == spec.requests else {
            throw PhaseFailure(path: step.path, message: "stats commands: \(violations) written from a background thread, "
                + "\(lost) of \(requests) sent never completed, \(spec.requests - requests) not sent within 60 s")
        }
        return requests
    }
}
