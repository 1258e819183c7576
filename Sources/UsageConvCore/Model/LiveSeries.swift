import Dispatch
import Synchronization

/// One series handed from its decoder to the encoder page by page while the dump is still being
/// read, so a single-series dump decodes on one core and encodes on the other, and its points
/// never go through the ``PointStore``.
///
/// The run offers a channel in ``DecodeOptions/liveSeries``; the first store-mode builder that a
/// decoder puts live claims it. What the encoder writes is a guess until decoding ends: the step
/// is inferred from the first page, and the series is assumed to arrive in time order, without
/// nulls, and to be the dump's only one. A builder that finds otherwise abandons the channel; the
/// run then rewinds its output and converts again through the store, so the guess never shows.
///
/// One producer (the decoding thread), one consumer (the encoding thread), and the run, which
/// closes the channel once decoding is over. At most ``depth`` pages wait, so memory stays at a
/// few pages.
final class LiveSeries: Sendable, Hashable {
    /// What passes from the producer to the consumer.
    enum Message: Sendable {
        /// The identity the pages are encoded with (its step a guess while decoding runs).
        case start(SeriesIdentity)
        /// The next points, in time order.
        case page(PointPage)
        /// The series is complete.
        case end
        /// The guess failed, or decoding stopped: nothing the consumer wrote may be kept.
        case abandoned

        var isLast: Bool {
            switch self {
            case .end, .abandoned: true
            case .start, .page: false
            }
        }
    }

    /// How a run's attempt ended, read once decoding is over.
    struct Outcome: Sendable, Equatable {
        /// Whether a builder streamed into the channel.
        var claimed = false
        /// Whether the series was finished and every page sent.
        var ended = false
        /// Whether the guess failed: a builder gave up, a second builder claimed the channel, or
        /// something other than the encoder read the points (even after the end).
        var abandoned = false
        /// Whether the run closed the channel before the series ended (decoding stopped).
        var closedEarly = false
        /// The identity the pages were encoded with.
        var identity: SeriesIdentity? = nil
    }

    private struct State {
        var queue: [Message] = []
        var terminated = false
        var outcome = Outcome()
        var spare: [PointPage] = []
        var consumerIsOver = false
    }

    /// Points per page: large enough that a handoff costs little per point, small enough that
    /// the pages in flight are a few hundred kilobytes.
    static let pagePoints = 8192

    /// Pages that may wait for the consumer.
    static let depth = 4
    private let state = Mutex(State())
    private let room = DispatchSemaphore(value: depth)
    private let filled = DispatchSemaphore(value: 0)

    /// An unclaimed channel holding at most ``depth`` pages.
    init() {}

    deinit {
        // Each message never read holds a slot (libdispatch refuses to free a semaphore below
        // its initial value).
        let unread = state.withLock { $0.queue.filter { !$0.isLast }.count }
        for _ in 0..<unread { room.signal() }
    }

    /// Equal by identity, like ``PointStore``: two channels carry different series.
    static func == (lhs: LiveSeries, rhs: LiveSeries) -> Bool { lhs === rhs }

    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    // MARK: Producer

    /// Claims the channel for one builder; a second claim is refused and abandons the channel
    /// (a dump with two series cannot be the one series the encoder is writing).
    func claim() -> Bool {
        let claimed = state.withLock { state in
            guard !state.outcome.claimed else { return false }
            state.outcome.claimed = true
            return true
        }
        if !claimed { abandon() }
        return claimed
    }

    /// Sends the identity the following pages are to be encoded with.
    func start(_ identity: SeriesIdentity) {
        send(.start(identity))
    }

    /// Sends a page of points.
    func send(page: PointPage) {
        send(.page(page))
    }

    /// Marks the series complete.
    func end() {
        send(.end)
    }

    /// Gives the attempt up: the consumer stops, and the run converts again without the channel.
    ///
    /// Also after the end: points read by anything but the encoder were not read by it.
    func abandon() {
        state.withLock { $0.outcome.abandoned = true }
        send(.abandoned)
    }

    /// Whether the channel was abandoned or ended: a producer's further pages are dropped.
    var isTerminated: Bool { state.withLock { $0.terminated } }

    /// An empty page with room for ``pagePoints`` points, recycled when the consumer is done
    /// with one.
    func emptyPage() -> PointPage {
        var page = state.withLock { $0.spare.popLast() } ?? PointPage()
        page.removeAll()
        page.times.reserveCapacity(Self.pagePoints)
        page.values.reserveCapacity(Self.pagePoints)
        page.qualities.reserveCapacity(Self.pagePoints)
        return page
    }

    /// Queues `message` unless the channel is over.
    ///
    /// The first end or abandonment is the last message queued. Pages and the start wait for
    /// room; the last message does not (the consumer is always on its way to it).
    private func send(_ message: Message) {
        let last = message.isLast
        if !last {
            guard !isTerminated else { return }
            room.wait()
        }
        let queued = state.withLock { state in
            guard !state.terminated else { return false }
            switch message {
            case .start(let identity): state.outcome.identity = identity
            case .end: state.outcome.ended = true
            case .abandoned, .page: break
            }
            if last { state.terminated = true }
            state.queue.append(message)
            return true
        }
        if queued {
            filled.signal()
        } else if !last {
            room.signal()
        }
    }

    // MARK: Run

    /// Ends the attempt once decoding is over: a channel its builder did not end is closed early,
    /// so a consumer waiting for pages stops.
    func close() {
        let early = state.withLock { state in
            if !state.terminated { state.outcome.closedEarly = true }
            return !state.terminated
        }
        if early { send(.abandoned) }
    }

    /// How the attempt ended; read after ``close()``.
    var outcome: Outcome { state.withLock { $0.outcome } }

    // MARK: Consumer

    /// The identity to encode with, waiting for it; `nil` when the channel ended or was abandoned
    /// before a builder started it.
    func awaitIdentity() -> SeriesIdentity? {
        while let message = nextUnlessOver() {
            switch message {
            case .start(let identity): return identity
            case .page(let page): recycle(page)
            case .end, .abandoned: return nil
            }
        }
        return nil
    }

    /// Calls `body` with every page until the end.
    ///
    /// - Throws: ``LivePoints/Abandoned`` when the channel is abandoned, or what `body` throws.
    func forEachPage(_ body: (PointPage) throws -> Void) throws {
        while let message = nextUnlessOver() {
            switch message {
            case .start: continue
            case .page(let page):
                try body(page)
                recycle(page)
            case .end: return
            case .abandoned: throw LivePoints.Abandoned()
            }
        }
    }

    /// Reads and drops whatever is left, so a producer waiting for room goes on (after the
    /// encoder stopped early).
    func drain() {
        while let message = nextUnlessOver() {
            if case .page(let page) = message { recycle(page) }
        }
    }

    /// The next message, waiting for it; `nil` once the consumer has read the last one.
    private func nextUnlessOver() -> Message? {
        guard !state.withLock({ $0.consumerIsOver }) else { return nil }
        filled.wait()
        let message = state.withLock { state in
            // At most `depth` wait: moving them up costs nothing, and a read page is released.
            let message = state.queue.removeFirst()
            switch message {
            case .end, .abandoned: state.consumerIsOver = true
            case .start, .page: break
            }
            return message
        }
        if !message.isLast { room.signal() }
        return message
    }

    /// Hands a page the consumer is done with back to the producer.
    private func recycle(_ page: PointPage) {
        state.withLock { state in
            if state.spare.count < Self.depth { state.spare.append(page) }
        }
    }
}

/// A live series' points (``LiveSeries``): read once, by the encoder the run started before
/// decoding; the figures are the builder's, known when decoding ends.
struct LivePoints: StoredPoints {
    /// Thrown to the encoder when the channel is abandoned: the run converts again.
    struct Abandoned: Error {}

    /// The channel the pages come through.
    let channel: LiveSeries
    /// Whether this is the encoder's view, the one reader of the pages; any other reading
    /// abandons the attempt (the pages cannot be read twice).
    let isEncoders: Bool
    let count: Int
    let firstTime: Int64?
    let lastTime: Int64?
    let widestGap: PointGap?

    func forEachPage(_ body: (PointPage) throws -> Void) throws {
        guard isEncoders else {
            channel.abandon()
            throw Abandoned()
        }
        try channel.forEachPage(body)
    }
}
