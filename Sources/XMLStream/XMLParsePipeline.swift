import Dispatch
import Synchronization
import UsageConvBytes

/// Runs a `SAXChunkParser` on its own thread, at most two batches ahead of the reader, so
/// libxml2's parsing and the decoder's work overlap on two cores.
///
/// The parser is touched only by the pipeline's thread once started; batches cross over through
/// a locked queue. `cancel()` (from the reader's `deinit`) stops the thread and waits for it, so
/// the parser is never freed while in use.
///
/// Lifetime: a reader may be dropped at any point — a decoder error on the second record, one of
/// `validate`'s two passes giving up, a cancelled task — with the thread blocked, mid-chunk or
/// finished. libdispatch traps (SIGILL, "semaphore object deallocated while in use") when a
/// semaphore is freed with a value below the one it was created with, and an early exit leaves
/// `free` consumed. So every semaphore starts at 0 and is signalled up to its starting credit:
/// once the thread has ended (which `cancel()` waits for) no value is ever below 0.
final class XMLParsePipeline: Sendable {
    private let parser: SAXChunkParser
    private let queue = DispatchQueue(label: "usageconv.xml-parser")
    private let filled = DispatchSemaphore(value: 0)
    private let free = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private let batches = Mutex<[XMLEventBatch]>([])
    private let cancelled = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)

    /// How many batches the thread may parse ahead of the reader.
    private static let ahead = 2

    /// Starts parsing at once.
    init(_ parser: SAXChunkParser) {
        self.parser = parser
        for _ in 0..<Self.ahead { free.signal() }
        queue.async { [self, parser] in
            SAXChunkParser.silenceThisThread()
            while true {
                free.wait()
                if cancelled.load(ordering: .acquiring) { break }
                let batch = parser.nextBatch()
                let last = batch.ended || batch.failure != nil || batch.parseError != nil
                batches.withLock { $0.append(batch) }
                filled.signal()
                if last { break }
            }
            done.signal()
        }
    }

    /// The next batch, waiting for the parser thread when it is behind.
    func next() -> XMLEventBatch {
        filled.wait()
        let batch = batches.withLock { $0.removeFirst() }
        free.signal()
        return batch
    }

    /// Stops the parser thread (if still running) and waits until it has let go of the parser;
    /// later calls return at once.
    func cancel() {
        guard !finished.exchange(true, ordering: .acquiringAndReleasing) else { return }
        cancelled.store(true, ordering: .releasing)
        free.signal()
        done.wait()
    }
}
