import Dispatch
import Synchronization

/// A run's attempt to encode a single-series dump on a second thread while it is still being
/// decoded (``LiveSeries``): the encoder waits for the channel's first page, then writes each
/// page as it comes into the run's output.
///
/// What it writes is taken back (``OutputMark``) unless decoding ends the way the guess assumed;
/// then the run converts again through the store. So only outputs that can be rewound (a new
/// output file, or standard output redirected to a regular file) are written this way.
final class LiveEncoding: Sendable {
    /// The channel offered to the decoders.
    let channel = LiveSeries()
    /// The output, written on the encoding thread until ``wait()`` returns.
    let sink: PipelinedSink
    /// Where the output started.
    let mark: OutputMark
    private let done = DispatchSemaphore(value: 0)
    private let failure = Mutex<Diagnostic?>(nil)

    /// How a load with the channel offered turned out.
    enum Verdict: Equatable {
        /// No decoder put a series live: nothing was written, the load stands.
        case notStreamed
        /// The output holds the one series the load gives.
        case streamed
        /// The input failed (its own error, or `--strict`): the load stands, the output is
        /// taken back.
        case failed
        /// The guess did not hold: the output is taken back and the input converted again.
        case redo
    }

    /// Starts the encoding thread for `format` into `target`, counting what it writes for `mark`.
    init(format: OutputFormat, options: EncodeOptions, target: any OutputSink & Sendable, mark: OutputMark) {
        sink = PipelinedSink(mark.counting(target))
        self.mark = mark
        DispatchQueue(label: "usageconv.live").async { [self] in
            defer { done.signal() }
            guard let identity = channel.awaitIdentity() else { return }
            var series = Series(identity: identity)
            series.stored = LivePoints(channel: channel, isEncoders: true, count: 0, firstTime: nil, lastTime: nil, widestGap: nil)
            do {
                try format.encoder(options: options).encode([series], warnings: [], to: sink)
            } catch is LivePoints.Abandoned {
                // Taken back by the run.
            } catch {
                failure.withLock { $0 = error as? Diagnostic ?? .error(.ioFailure, "\(error)") }
            }
            // A producer may still be sending: let it finish.
            channel.drain()
        }
    }

    /// Closes the channel and waits for the encoding thread; the write failure it met, if any.
    func finishEncoding() -> Diagnostic? {
        channel.close()
        done.wait()
        return failure.withLock { $0 }
    }

    /// What `loaded` (loaded with the channel offered, the encoding finished) means for the output.
    func verdict(for loaded: Conversion.Loaded) -> Verdict {
        Self.verdict(channel.outcome, channel: channel, loaded: loaded)
    }

    /// The verdict for a channel's `outcome` and the load: the input's own failure stands unless
    /// the guess failed first (a decode error is the same either way; the guess only decides
    /// where points went).
    static func verdict(_ outcome: LiveSeries.Outcome, channel: LiveSeries, loaded: Conversion.Loaded) -> Verdict {
        guard outcome.claimed else { return .notStreamed }
        if outcome.abandoned { return .redo }
        if loaded.nothingToWrite { return .failed }
        guard outcome.ended, !outcome.closedEarly, loaded.failures.isEmpty, loaded.series.count == 1,
            let series = loaded.series.first, let live = series.stored as? LivePoints, live.channel === channel,
            series.identity == outcome.identity, series.labels.isEmpty
        else { return .redo }
        return .streamed
    }

    /// Takes back what the encoding thread wrote.
    func rewind(name: String) throws(Diagnostic) {
        do {
            try sink.finish()
        } catch {
            // A failed write is taken back with the rest.
        }
        try mark.rewind(name: name)
    }
}

extension Conversion {
    /// Whether a run into `format` may encode while decoding: one input that can be read again
    /// (a regular file, not standard input, a pipe or an archive entry), no transforms, and an
    /// encoder that only reads a series' identity and pages (CSV, TSV, NDJSON).
    func encodesWhileDecoding(_ format: OutputFormat) -> Bool {
        guard [.csv, .tsv, .ndjson].contains(format), transforms.isEmpty, inputs.count == 1, let input = inputs.first else {
            return false
        }
        return input.entry == nil && FileByteSource.size(of: input.path) != nil
    }

    /// What a load with a ``LiveEncoding`` gave.
    struct LiveLoad {
        /// The load that stands (the second one when the guess failed).
        var loaded: Loaded
        /// How the first load turned out.
        var verdict: LiveEncoding.Verdict
        /// The encoder's write failure, when the output holds the series.
        var writeFailure: Diagnostic? = nil
        /// Why what was written could not be taken back; nothing more is written then.
        var rewindFailure: Diagnostic? = nil
    }

    /// Loads with `attempt`'s channel offered, and settles the output.
    ///
    /// The output is kept when it holds the series, taken back otherwise (and, when the guess
    /// failed, the input loaded again without the channel). Progress is reported once for the
    /// input, as ``load(progress:)`` would.
    func loadEncoding(
        with attempt: LiveEncoding,
        outputName: String,
        progress: (@Sendable (_ bytes: Int64, _ failed: Bool) -> Void)?
    ) -> LiveLoad {
        let loaded = load()
        let failure = attempt.finishEncoding()
        var result = LiveLoad(loaded: loaded, verdict: attempt.verdict(for: loaded))
        do {
            switch result.verdict {
            case .notStreamed:
                break
            case .streamed:
                result.writeFailure = failure
            case .failed:
                try attempt.rewind(name: outputName)
            case .redo:
                try attempt.rewind(name: outputName)
                var again = self
                again.options.liveSeries = nil
                result.loaded = again.load(progress: progress)
                return result
            }
        } catch {
            result.rewindFailure = error
        }
        for (_, outcome) in loaded.decoded { progress?(outcome.bytes, outcome.failure != nil) }
        return result
    }
}
