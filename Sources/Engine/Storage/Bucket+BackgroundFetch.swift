import Dispatch
import Locking

/// Background fetches (ep-engine's `BgFetcher`): a front-end get of an evicted document queues a
/// request and waits; the reader-pool task reads it through the store proxy and puts it back in the
/// hash table. The front-end thread is the one that resumes the operation.
extension Bucket {
    func backgroundFetch(_ vbucket: VBucket, _ key: String) throws(EngineError) {
        guard store != nil, let task = tasks.withLock({ $0.backgroundFetcher }) else { throw .keyNotFound }
        let request = FetchRequest(vbucket: vbucket, key: key)
        fetchQueue.withLock { $0.append(request) }
        executor.wake(task)
        request.done.wait()
        stats.bgFetches.add(1, ordering: .relaxed)
        if let failure = request.failure.withLock({ $0 }) { throw .storageFailure(failure) }
    }

    func runBackgroundFetches() {
        guard let store else { return }
        let requests = fetchQueue.withLock { queue in
            defer { queue = [] }
            return queue
        }
        for request in requests {
            do throws(StorageError) {
                try store.get(vbid: request.vbucket.id, key: request.key) { document in
                    guard let document else { return }
                    let value = document.isDeleted ? nil : ValueBlob(copying: document.value, owner: counters.valueOwner)
                    request.vbucket.restore(key: request.key, document: document, value: value)
                }
            } catch {
                request.failure.withLock { $0 = error.description }
                taskFailures.record(task: "BGFetcher", "vb \(request.vbucket.id): \(error)")
            }
            request.done.signal()
        }
    }
}

/// One pending background fetch; the requesting thread waits on `done`.
final class FetchRequest: Sendable {
    let vbucket: VBucket
    let key: String
    let done = DispatchSemaphore(value: 0)
    let failure = LockedValue<String?>(nil)

    init(vbucket: VBucket, key: String) {
        self.vbucket = vbucket
        self.key = key
    }
}
