import Dispatch
import Synchronization

/// Runs `work` for each index on `lanes` threads, taking the next index as each lane frees up,
/// and returns the results in index order (so output never depends on scheduling).
///
/// Decoding is CPU-bound and inputs differ wildly in size (a 5 KB dump beside a 1 GB one), so
/// lanes pull work instead of being handed fixed slices.
public func parallelMap<T: Sendable>(count: Int, lanes: Int, _ work: @Sendable (Int) -> T) -> [T] {
    // One lane (one input, or --jobs 1) runs on this thread: no worker threads started for it,
    // which a single small dump would otherwise pay for at every start.
    if min(lanes, count) <= 1 { return (0..<count).map(work) }
    let next = Atomic<Int>(0)
    let results = Mutex<[T?]>([T?](repeating: nil, count: count))
    DispatchQueue.concurrentPerform(iterations: max(1, min(lanes, count))) { _ in
        while true {
            let index = next.add(1, ordering: .relaxed).oldValue
            guard index < count else { return }
            let value = work(index)
            results.withLock { $0[index] = value }
        }
    }
    return results.withLock { $0.compactMap { $0 } }
}
