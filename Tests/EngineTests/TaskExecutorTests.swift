@_spi(Testing) import Engine
import Foundation
import Synchronization
import XCTest

final class TaskExecutorTests: XCTestCase {
    /// Waits (bounded) for a condition that background threads make true.
    static func eventually(_ timeout: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(1000)
        }
        return condition()
    }

    func testTaskRunsUntilItReturnsFalseAndStatsCountRuns() {
        let executor = TaskExecutor()
        defer { executor.shutdown() }
        let runs = Atomic<Int>(0)
        let task = EngineTask(name: "counter", pool: .nonIO) { _ in runs.add(1, ordering: .relaxed).newValue < 5 }
        executor.schedule(task)
        XCTAssertTrue(Self.eventually { runs.load(ordering: .relaxed) == 5 })
        XCTAssertTrue(Self.eventually { executor.stats.first { $0.name == "counter" }?.runs == 5 })
    }

    /// One-shot tasks (a stats command, a backfill) leave one line per name, not one per task: an
    /// executor that kept every retired task's figures grew, and its `stats tasks` with it.
    func testRetiredTasksFoldIntoOneLinePerName() {
        let executor = TaskExecutor()
        defer { executor.shutdown() }
        let runs = Atomic<Int>(0)
        for _ in 0..<50 {
            executor.schedule(EngineTask(name: "one-shot", pool: .nonIO) { _ in
                runs.add(1, ordering: .relaxed)
                return false
            })
        }
        XCTAssertTrue(Self.eventually { runs.load(ordering: .relaxed) == 50 })
        XCTAssertTrue(Self.eventually { executor.stats.first { $0.name == "one-shot" }?.runs == 50 })
        XCTAssertEqual(executor.stats.filter { $0.name == "one-shot" }.count, 1)
    }

    func testSnoozedTaskIsWokenEarly() {
        let executor = TaskExecutor()
        defer { executor.shutdown() }
        let runs = Atomic<Int>(0)
        let task = EngineTask(name: "sleeper", pool: .writer) { task in
            runs.add(1, ordering: .relaxed)
            task.snooze(3600)
            return true
        }
        executor.schedule(task)
        XCTAssertTrue(Self.eventually { runs.load(ordering: .relaxed) == 1 })
        // A task on the same pool that snoozes a millisecond at a time: once it has run ten times
        // the pool has passed the snoozed task by ten times over.
        let ticks = Atomic<Int>(0)
        executor.schedule(EngineTask(name: "ticker", pool: .writer) { task in
            task.snooze(0.001)
            return ticks.add(1, ordering: .relaxed).newValue < 10
        })
        XCTAssertTrue(Self.eventually { ticks.load(ordering: .relaxed) == 10 })
        XCTAssertEqual(runs.load(ordering: .relaxed), 1, "snoozing for an hour")
        executor.wake(task)
        XCTAssertTrue(Self.eventually { runs.load(ordering: .relaxed) == 2 })
    }

    func testCancelAndShutdownStopTasks() {
        let executor = TaskExecutor(threads: [.auxIO: 2])
        let runs = Atomic<Int>(0)
        let task = EngineTask(name: "busy", pool: .auxIO) { task in
            runs.add(1, ordering: .relaxed)
            task.snooze(0.001)
            return true
        }
        executor.schedule(task)
        XCTAssertTrue(Self.eventually { runs.load(ordering: .relaxed) >= 3 })
        executor.cancel(task)
        XCTAssertTrue(Self.eventually { !executor.liveTaskNames.contains("busy") }, "a cancelled task leaves the executor")
        let afterCancel = runs.load(ordering: .relaxed)
        executor.shutdown()
        XCTAssertEqual(runs.load(ordering: .relaxed), afterCancel, "no run after it left, up to the joined shutdown")
        executor.shutdown()
        XCTAssertGreaterThanOrEqual(executor.stats.first { $0.name == "busy" }?.runs ?? 0, 3)
    }
}
