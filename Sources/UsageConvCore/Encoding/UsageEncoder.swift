/// Writes series to a sink in one output format, streaming in chunks of about 1 MiB.
public protocol UsageEncoder {
    /// Encodes `series` (already in output order) and the conversion's `warnings`.
    ///
    /// - Throws: `Diagnostic` `.ioFailure` from the sink.
    func encode(_ series: [Series], warnings: [Diagnostic], to sink: any OutputSink) throws
}

/// The chunk size encoders flush at.
let encoderChunk = 1 << 20
