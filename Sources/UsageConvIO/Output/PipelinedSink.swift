import Dispatch
import Synchronization
import UsageConvBytes
import UsageConvDiagnostics

/// Hands chunks to a background writer, so `write(2)` (kernel time that on this machine costs
/// as much as encoding) overlaps with producing the next chunk on the other core.
///
/// At most two chunks are in flight; a failed write is reported by the next `write` or `finish`.
/// One thread writes at a time (a run hands the sink from its encoding thread to itself once
/// that thread is done): sendable for that handoff, not for writers at once.
/// Chunk buffers are recycled: a fresh megabyte per chunk would be fresh pages for the kernel to
/// fault in and zero every time (a third of the system time of a 100 MB conversion).
public final class PipelinedSink: OutputSink, Sendable {
    private let target: any OutputSink & Sendable
    private let queue = DispatchQueue(label: "usageconv.output")
    private let slots = DispatchSemaphore(value: 2)
    private let state = FailureBox()

    /// The first failed write and the buffers written out, shared with the writer queue.
    private final class FailureBox: Sendable {
        let failure = Mutex<Diagnostic?>(nil)
        let spare = Mutex<[[UInt8]]>([])
    }

    /// Writes through to `target` in the background.
    public init(_ target: any OutputSink & Sendable) {
        self.target = target
    }

    /// Queues a copy of `bytes`; throws an earlier write's failure.
    public func write(_ bytes: ArraySlice<UInt8>) throws {
        if let error = state.failure.withLock({ $0 }) { throw error }
        slots.wait()
        var chunk = state.spare.withLock { $0.popLast() } ?? []
        chunk.removeAll(keepingCapacity: true)
        chunk.append(contentsOf: bytes)
        enqueue(chunk)
    }

    /// Queues `buffer` itself, handing back an empty spare (no copy of the chunk); throws an
    /// earlier write's failure.
    public func write(emptying buffer: inout [UInt8]) throws {
        if let error = state.failure.withLock({ $0 }) { throw error }
        slots.wait()
        var spare = state.spare.withLock { $0.popLast() } ?? []
        spare.removeAll(keepingCapacity: true)
        swap(&spare, &buffer)
        enqueue(spare)
    }

    /// Writes `chunk` on the writer queue; the caller holds one of the two slots.
    private func enqueue(_ chunk: [UInt8]) {
        let target = self.target
        queue.async { [state, slots, chunk] in
            defer { slots.signal() }
            guard state.failure.withLock({ $0 }) == nil else { return }
            do {
                try target.write(chunk[...])
                state.spare.withLock { $0.append(chunk) }
            } catch {
                let diagnostic = error as? Diagnostic ?? .error(.ioFailure, "\(error)")
                state.failure.withLock { $0 = diagnostic }
            }
        }
    }

    /// Waits for every queued chunk; throws the first failure.
    public func finish() throws {
        queue.sync {}
        if let error = state.failure.withLock({ $0 }) { throw error }
    }
}
