import Dispatch
import Synchronization

/// Runs a `SAXChunkParser` on its own thread, at most two batches ahead of the reader, so
/// libxml2's parsing and the decoder's work overlap on two cores.
///
/// The parser is touched only by the pipeline's thread once started; batches cross over through
/// a locked queue. `cancel()` (from the reader's `deinit`) stops the thread and waits for it, so
/// the parser is never freed while in use.
final class XMLParsePipeline: Sendable {
    private let parser: SAXChunkParser
    private let queue = DispatchQueue(label: "usageconv.xml-parser")
    private let filled = DispatchSemaphore(value: 0)
    private let free = DispatchSemaphore(value: 2)
    private let done = DispatchSemaphore(value: 0)
    private let batches = Mutex<[XMLEventBatch]>([])
    private let cancelled = Atomic<Bool>(false)

    /// Starts parsing at once.
    init(_ parser: SAXChunkParser) {
        self.parser = parser
        queue.async { [self] in
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

    /// Stops the parser thread (if still running) and waits until it has let go of the parser.
    func cancel() {
        cancelled.store(true, ordering: .releasing)
        free.signal()
        done.wait()
    }
}
