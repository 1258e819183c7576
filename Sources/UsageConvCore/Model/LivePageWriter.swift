/// The decoder's side of a ``LiveSeries``: points gathered into pages and sent as each fills.
///
/// The first page also fixes the identity the encoder writes: the builder's, with the step
/// inferred from that page's times when the decoder infers it (what the whole series gives in
/// every regular dump; when it does not, the run notices once decoding ends and converts again).
struct LivePageWriter: Sendable {
    /// The channel the pages go to.
    let channel: LiveSeries
    /// The series' identity when it was put live.
    let identity: SeriesIdentity
    /// The step inference's fallback when the decoder infers the step from the points; `nil`
    /// when the identity's step is final (`--step`).
    let stepFallback: Int64?
    private var page: PointPage
    private var started = false

    init(channel: LiveSeries, identity: SeriesIdentity, stepFallback: Int64?) {
        self.channel = channel
        self.identity = identity
        self.stepFallback = stepFallback
        page = channel.emptyPage()
    }

    /// The points gathered and not sent yet.
    var pendingPoints: Int { page.times.count }

    /// Adds a point (after the one before it in time); a full page goes to the encoder.
    @inline(__always)
    mutating func append(time: Int64, value: Number) {
        // The qualities, all measured, are filled in per page.
        page.times.append(time)
        page.values.append(value)
        if page.times.count == LiveSeries.pagePoints { flush() }
    }

    /// Sends the points gathered so far, starting the channel first.
    mutating func flush() {
        if !started {
            started = true
            var identity = self.identity
            if let fallback = stepFallback { identity.step = StepInference.infer(page.times, fallback: fallback).step }
            channel.start(identity)
        }
        guard !page.times.isEmpty else { return }
        guard !channel.isTerminated else {
            // Abandoned: the rest of the points are dropped as they come (the run converts again).
            page.removeAll()
            return
        }
        page.qualities.append(contentsOf: repeatElement(.measured, count: page.times.count - page.qualities.count))
        channel.send(page: page)
        page = channel.emptyPage()
    }

    /// Sends the last points and marks the series complete.
    mutating func end() {
        flush()
        channel.end()
    }
}
