import Dispatch
import Synchronization

/// Hands pages from a thread that decodes them to the thread that uses them, at most two ahead.
///
/// Reading a spilled series back (varints into columns) is a fifth of an encoder's work; on a
/// second core it overlaps with the encoder formatting the page before, instead of adding to it.
/// The two-page bound keeps memory to the pages, whatever the series' length.
final class PageChannel: Sendable {
    private let slots = DispatchSemaphore(value: 0)
    private let ready = DispatchSemaphore(value: 0)
    private let producerDone = DispatchSemaphore(value: 0)
    /// Pages in order; a `nil` marks the end.
    private let items = Mutex<[Result<PointPage, any Error>?]>([])
    private let cancelled = Atomic<Bool>(false)

    init() {
        // Signalled rather than created with a value: a semaphore freed below its initial value
        // traps, and a cancelled run leaves slots taken.
        slots.signal()
        slots.signal()
    }

    /// Calls `body` with each page `produce` hands over, `produce` running on another thread.
    ///
    /// `produce` stops early (its `emit` returns false) once `body` throws; every error reaches
    /// the caller, and the other thread has finished when this returns.
    static func run(
        produce: @escaping @Sendable (_ emit: (PointPage) -> Bool) throws -> Void,
        body: (PointPage) throws -> Void
    ) throws {
        let channel = PageChannel()
        DispatchQueue.global().async {
            do {
                try produce { channel.put($0) }
                channel.push(nil)
            } catch {
                channel.push(.failure(error))
            }
            channel.producerDone.signal()
        }
        defer {
            channel.cancelled.store(true, ordering: .relaxed)
            channel.slots.signal()
            channel.producerDone.wait()
        }
        while let page = try channel.take() { try body(page) }
    }

    /// Queues `page` once a slot is free; false when the consumer has stopped.
    private func put(_ page: PointPage) -> Bool {
        slots.wait()
        guard !cancelled.load(ordering: .relaxed) else { return false }
        push(.success(page))
        return true
    }

    private func push(_ item: Result<PointPage, any Error>?) {
        items.withLock { $0.append(item) }
        ready.signal()
    }

    /// The next page, `nil` at the end; throws what the producer threw.
    private func take() throws -> PointPage? {
        ready.wait()
        let item = items.withLock { $0.removeFirst() }
        switch item {
        case .none: return nil
        case .failure(let error)?: throw error
        case .success(let page)?:
            slots.signal()
            return page
        }
    }
}
