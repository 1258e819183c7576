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

    /// Starts the encoding thread for `format` into `target`.
    init(format: OutputFormat, options: EncodeOptions, target: any OutputSink & Sendable, mark: OutputMark) {
        sink = PipelinedSink(target)
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
        let outcome = channel.outcome
        guard outcome.claimed else { return .notStreamed }
        if outcome.abandoned { return .redo }
        if loaded.nothingToWrite { return .failed }
        guard outcome.ended, loaded.failures.isEmpty, loaded.series.count == 1, let series = loaded.series.first,
            let live = series.stored as? LivePoints, live.channel === channel, series.identity == outcome.identity,
            series.labels.isEmpty
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
    /// (a file, not standard input or an archive entry), no transforms, and an encoder that only
    /// reads a series' identity and pages (CSV, TSV, NDJSON).
    func encodesWhileDecoding(_ format: OutputFormat) -> Bool {
        guard [.csv, .tsv, .ndjson].contains(format), transforms.isEmpty, inputs.count == 1, let input = inputs.first else {
            return false
        }
        return input.entry == nil && input.path != "-"
    }

    /// Loads with `attempt`'s channel offered, and settles the output.
    ///
    /// The output is kept when it holds the series, taken back otherwise (and, when the guess
    /// failed, the input loaded again without the channel). Progress is reported once for the
    /// input, as ``load(progress:)`` would.
    ///
    /// - Returns: the load, whether the output already holds it, and the encoder's write failure.
    /// - Throws: `Diagnostic` when the output cannot be taken back.
    func loadEncoding(
        with attempt: LiveEncoding,
        outputName: String,
        progress: (@Sendable (_ bytes: Int64, _ failed: Bool) -> Void)?
    ) throws(Diagnostic) -> (loaded: Loaded, streamed: Bool, writeFailure: Diagnostic?) {
        let loaded = load()
        let failure = attempt.finishEncoding()
        let verdict = attempt.verdict(for: loaded)
        switch verdict {
        case .notStreamed:
            break
        case .streamed:
            break
        case .failed:
            try attempt.rewind(name: outputName)
        case .redo:
            try attempt.rewind(name: outputName)
            var again = self
            again.options.liveSeries = nil
            return (again.load(progress: progress), false, nil)
        }
        for (_, outcome) in loaded.decoded { progress?(outcome.bytes, outcome.failure != nil) }
        return (loaded, verdict == .streamed, verdict == .streamed ? failure : nil)
    }
}
