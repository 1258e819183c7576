import Glibc
import Synchronization

/// A run's bounded home for decoded points: compact per-series blocks kept in memory up to a
/// budget (`--memory-limit`), the rest appended to one spill file next to the output.
///
/// Converting a dump of any size then needs memory for the budget, not for its points: decoders
/// hand their points to it (``DecodeOptions/pointStore``) instead of growing arrays, and finished
/// series read them back a page at a time (``Series/stored``). A point takes about five bytes:
/// a tag byte with the quality and flags, then its time's distance from the previous point, its
/// decimal exponent (each only when it differs from the previous point's) and its significand as
/// zigzag varints, or the `Double`'s bits.
///
/// Thread-safe (an internal lock): `--jobs` workers share one store. Equal and hashed by identity
/// (two stores hold different points whatever their settings).
public final class PointStore: Sendable, Hashable {
    /// The default budget: 64 MiB, what `--memory-limit` sets unless told otherwise.
    public static let defaultMemoryLimit = 64 << 20

    /// The budget in bytes.
    ///
    /// Half of it holds blocks not yet spilled; the other half is the working
    /// set of sorting (a run of the external merge sort).
    public let memoryLimit: Int
    /// The folder the spill file is created in (created on the first spill).
    public let directory: String

    /// The bytes of a full block: big enough for cheap file writes, small enough that thousands of
    /// series' open blocks and the cursors of a wide merge stay small (16 KiB; less under a tiny
    /// budget, so tests spill after a few points).
    let blockBytes: Int

    struct BlockRecord: Sendable {
        /// Global block number (key of a resident block's bytes).
        var id: Int
        /// Where it is in the spill file, once spilled (-1 before).
        var offset: Int64
        var length: Int32
        var count: Int32
    }

    struct State: ~Copyable {
        var segments: [Int: [BlockRecord]] = [:]
        var resident: [Int: [UInt8]] = [:]
        var residentBytes = 0
        var nextBlock = 0
        var nextSegment = 0
        var file: SpillFile? = nil
        var spilledBytes: Int64 = 0
        var closed = false
        /// Finished segments and their block counts (see `seal`).
        var sealed: [Int: Int] = [:]
    }

    private let state = Mutex(State())

    /// A store with `memoryLimit` bytes of buffers spilling into `directory` (the output's folder;
    /// the system's temporary folder when `nil`).
    public init(memoryLimit: Int = PointStore.defaultMemoryLimit, directory: String? = nil) {
        self.memoryLimit = max(1024, memoryLimit)
        blockBytes = max(16, min(16 << 10, self.memoryLimit / 64))
        self.directory = directory ?? PointStore.temporaryDirectory
    }

    deinit { close() }

    /// `TMPDIR`, else `/tmp`.
    static var temporaryDirectory: String {
        if let value = getenv("TMPDIR"), value.pointee != 0 { return String(cString: value) }
        return "/tmp"
    }

    /// Closes and frees the spill file; handles read from this store fail afterwards.
    public func close() {
        state.withLock { state in
            state.file?.close()
            state.file = nil
            state.resident = [:]
            state.segments = [:]
            state.residentBytes = 0
            state.closed = true
        }
    }

    /// The bytes written to the spill file so far (for tests and figures).
    public var spilledBytes: Int64 { state.withLock { $0.spilledBytes } }

    /// The bytes of blocks held in memory now.
    public var residentBytes: Int { state.withLock { $0.residentBytes } }

    /// The number of points a sort run may hold: the sorting half of the budget at about 48 bytes
    /// a point (time, value, arrival index and the sort's own scratch).
    var runPoints: Int { max(8, memoryLimit / 2 / 48) }

    /// Same store.
    public static func == (lhs: PointStore, rhs: PointStore) -> Bool { lhs === rhs }

    /// Hashes the identity.
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    func makeSegment() -> Int {
        state.withLock { state in
            let id = state.nextSegment
            state.nextSegment += 1
            state.segments[id] = []
            return id
        }
    }

    /// Adds a full block to `segment`; spills every resident block once they exceed half the budget.
    func append(block bytes: [UInt8], count: Int, to segment: Int) throws {
        try state.withLock { state in
            guard state.sealed[segment] == nil else {
                throw Diagnostic.error(.ioFailure, "the point store was asked to add points to a finished series")
            }
            try append(block: bytes, count: count, to: segment, &state)
        }
    }

    private func append(block bytes: [UInt8], count: Int, to segment: Int, _ state: inout State) throws {
        guard !state.closed else { throw Diagnostic.error(.ioFailure, "the point store was closed") }
        let id = state.nextBlock
        state.nextBlock += 1
        state.segments[segment, default: []].append(BlockRecord(id: id, offset: -1, length: Int32(bytes.count), count: Int32(count)))
        state.resident[id] = bytes
        state.residentBytes += bytes.count
        if state.residentBytes > memoryLimit / 2 { try spill(&state) }
    }

    /// Ends `segment` with its writer's open block (`tail`, `count` points, possibly none) and
    /// returns its number of blocks: a finished series then holds none of its points outside the
    /// budget (thousands of dumps' series waiting for a merge would each hold up to a block).
    ///
    /// Sealing again (copies of one builder finishing more than once) adds nothing; adding a
    /// block after a seal is an error.
    func seal(_ segment: Int, tail: [UInt8], count: Int) throws -> Int {
        try state.withLock { state in
            if let blocks = state.sealed[segment] { return blocks }
            if count > 0 { try append(block: tail, count: count, to: segment, &state) }
            let blocks = state.segments[segment]?.count ?? 0
            state.sealed[segment] = blocks
            return blocks
        }
    }

    /// Writes every resident block to the spill file, in block order, in writes of about 1 MiB.
    private func spill(_ state: inout State) throws {
        if state.file == nil { state.file = try SpillFile(directory: directory) }
        guard let file = state.file else { return }
        var offsets: [Int: Int64] = [:]
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 20)
        for id in state.resident.keys.sorted() {
            guard let bytes = state.resident[id] else { continue }
            offsets[id] = file.size + Int64(chunk.count)
            chunk += bytes
            if chunk.count >= 1 << 20 {
                try file.append(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { try file.append(chunk) }
        state.spilledBytes = file.size
        for (segment, records) in state.segments {
            guard records.contains(where: { $0.offset < 0 }) else { continue }
            state.segments[segment] = records.map { record in
                var record = record
                if record.offset < 0, let offset = offsets[record.id] { record.offset = offset }
                return record
            }
        }
        state.resident = [:]
        state.residentBytes = 0
    }

    /// The bytes of block `index` of `segment`, from memory or the spill file (looked up now: a
    /// spill since the caller last looked moves resident blocks into the file).
    func bytes(of segment: Int, block index: Int) throws -> [UInt8] {
        try state.withLock { state in
            guard let records = state.segments[segment], index < records.count else {
                throw Diagnostic.error(.ioFailure, "the point store no longer holds a block it was asked for")
            }
            let record = records[index]
            if let bytes = state.resident[record.id] { return bytes }
            guard record.offset >= 0, let file = state.file else {
                throw Diagnostic.error(.ioFailure, "the point store no longer holds a block it was asked for")
            }
            return try file.read(at: record.offset, count: Int(record.length))
        }
    }

    /// Up to `count` bytes of block `index` of `segment` from byte `start` on, and the block's
    /// whole length: a copy of that part of a resident block, or a read of it from the spill file
    /// (so a reader holds only what it asked for, whatever happens to the block later).
    func bytes(of segment: Int, block index: Int, from start: Int, count: Int) throws -> (bytes: [UInt8], length: Int) {
        try state.withLock { state in
            guard let records = state.segments[segment], index < records.count else {
                throw Diagnostic.error(.ioFailure, "the point store no longer holds a block it was asked for")
            }
            let record = records[index]
            let length = Int(record.length)
            let end = min(length, start + count)
            guard start >= 0, start <= end else { throw PointCodec.corrupt() }
            if let bytes = state.resident[record.id] { return (Array(bytes[start..<end]), length) }
            guard record.offset >= 0, let file = state.file else {
                throw Diagnostic.error(.ioFailure, "the point store no longer holds a block it was asked for")
            }
            return (try file.read(at: record.offset + Int64(start), count: end - start), length)
        }
    }

    /// The bytes each source of a k-way merge of `sources` sources reads of a block at a time.
    ///
    /// The merge runs once the parts are decoded and sorted, so it has the sorting half of the
    /// budget: shared among the sources, less ``mergeStateBytes`` each for the merge's own state
    /// per source, at most a block. At least ``mergeFloorBytes`` (a few points), so beyond about
    /// `memoryLimit / 2 / 318` sources (100,000 in a 64 MiB store) the merge holds more than
    /// its share.
    func mergeWindow(sources: Int) -> Int {
        let share = memoryLimit / 2 / max(1, sources) - PointStore.mergeStateBytes
        return max(PointStore.mergeFloorBytes, min(blockBytes, share))
    }

    /// What a k-way merge holds per source besides its window: the cursor, its head point, its
    /// heap slot and its entry in a group of equal times (a generous round figure).
    static let mergeStateBytes = 256

    /// The smallest window a merge source reads: twice the longest point (``PointCodec/maxPointBytes``).
    static let mergeFloorBytes = 2 * PointCodec.maxPointBytes

    /// Forgets `segment` (a sort run after its merge); its spilled bytes stay in the file until
    /// the store closes.
    func release(_ segment: Int) {
        state.withLock { state in
            for record in state.segments[segment] ?? [] {
                if let bytes = state.resident.removeValue(forKey: record.id) { state.residentBytes -= bytes.count }
            }
            state.segments[segment] = nil
        }
    }
}

/// The compact form of points in a block (see ``PointStore``).
///
/// A point is a tag byte (the quality in its low bits, then flags), the time's distance from the
/// previous point's as a zigzag varint unless it repeats the previous distance, the decimal
/// exponent as a zigzag varint unless it repeats the previous one, and the significand as a
/// zigzag varint (or a `Double`'s eight bytes). Dumps are regular: on a fixed step with values of
/// one precision, a point is its tag and significand, which is what keeps writing and reading a
/// block cheap next to parsing and printing the number.
enum PointCodec {
    /// The value is a `Double`'s bits, not a decimal.
    static let binaryFlag: UInt8 = 0x80
    /// The time is as far from the previous point's as that one was from its own previous.
    static let sameDeltaFlag: UInt8 = 0x40
    /// The decimal exponent is the previous decimal point's.
    static let sameExponentFlag: UInt8 = 0x20
    /// What a point is written relative to; everything is zero at a block's start.
    struct Context {
        var time: Int64 = 0
        var delta: Int64 = 0
        var exponent: Int16 = 0
    }

    @inline(__always)
    static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    @inline(__always)
    static func unzigzag(_ value: UInt64) -> Int64 { Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }

    @inline(__always)
    static func writeVarint(_ value: UInt64, to out: inout OutputSpan<UInt8>) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Appends one point to `block`, which has room reserved as it grows.
    @inline(__always)
    static func write(time: Int64, value: Number, quality: Quality, context: inout Context, to block: inout [UInt8]) {
        block.append(addingCapacity: maxPointBytes) { out in
            let delta = time &- context.time
            let tag = quality.rawValue | (delta == context.delta ? sameDeltaFlag : 0)
            switch value.storage {
            case .decimal(let significand, let exponent):
                let sameExponent = exponent == context.exponent
                out.append(tag | (sameExponent ? sameExponentFlag : 0))
                if delta != context.delta { writeVarint(zigzag(delta), to: &out) }
                if !sameExponent { writeVarint(zigzag(Int64(exponent)), to: &out) }
                writeVarint(zigzag(significand), to: &out)
                context.exponent = exponent
            case .binary(let double):
                out.append(tag | binaryFlag)
                if delta != context.delta { writeVarint(zigzag(delta), to: &out) }
                var bits = double.bitPattern
                for _ in 0..<8 {
                    out.append(UInt8(truncatingIfNeeded: bits))
                    bits >>= 8
                }
            }
            context.time = time
            context.delta = delta
        }
    }

    /// The most bytes one point takes: the tag, then a time delta, an exponent and a significand
    /// of at most ten varint bytes each (a binary double takes 1 + 10 + 8).
    static let maxPointBytes = 31

    static func corrupt() -> Diagnostic { .error(.ioFailure, "a spilled block of points is damaged") }

    @inline(__always)
    static func readVarint(_ bytes: Span<UInt8>, _ position: inout Int) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            guard shift < 64 else { throw corrupt() }
        }
        throw corrupt()
    }

    /// Reads the point at `position`, advancing it and `context`.
    @inline(__always)
    static func read(
        _ bytes: Span<UInt8>,
        _ position: inout Int,
        context: inout Context
    ) throws -> (time: Int64, value: Number, quality: Quality) {
        guard position < bytes.count else { throw corrupt() }
        let tag = bytes[position]
        position += 1
        guard let quality = Quality(rawValue: tag & 0x1F) else { throw corrupt() }
        if tag & sameDeltaFlag == 0 { context.delta = unzigzag(try readVarint(bytes, &position)) }
        context.time = context.time &+ context.delta
        if tag & binaryFlag == 0 {
            if tag & sameExponentFlag == 0 {
                let exponent = unzigzag(try readVarint(bytes, &position))
                guard exponent >= -Int64(Number.maxDecimalExponent), exponent <= Int64(Number.maxDecimalExponent) else { throw corrupt() }
                context.exponent = Int16(exponent)
            }
            let significand = unzigzag(try readVarint(bytes, &position))
            return (context.time, Number(significand: significand, exponent: Int(context.exponent)), quality)
        }
        guard position + 8 <= bytes.count else { throw corrupt() }
        var bits: UInt64 = 0
        for index in 0..<8 { bits |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += 8
        return (context.time, Number(Double(bitPattern: bits)), quality)
    }

    /// Appends every point of `block` to `page`, times moved by `offset`, calling `full` whenever
    /// the page reaches `pageSize` points.
    @inline(__always)
    static func decode(
        _ block: [UInt8],
        offset: Int64,
        into page: inout PointPage,
        pageSize: Int,
        full: (PointPage) throws -> Void
    ) throws {
        let bytes = block.span
        var position = 0
        var context = Context()
        while position < bytes.count {
            let point = try read(bytes, &position, context: &context)
            page.times.append(point.time &+ offset)
            page.values.append(point.value)
            page.qualities.append(point.quality)
            if page.times.count >= pageSize {
                try full(page)
                page.removeAll()
            }
        }
    }
}

/// Writes points into a new segment of a ``PointStore``, a block at a time.
struct PointWriter: Sendable {
    let store: PointStore
    let segment: Int
    /// The open block, not yet handed to the store.
    private(set) var tail: [UInt8] = []
    private(set) var tailCount = 0
    /// The blocks handed to the store (the segment's, unless a seal added the open block).
    private var handed = 0
    private var context = PointCodec.Context()
    /// Points written.
    private(set) var count = 0
    private(set) var firstTime: Int64? = nil
    private(set) var lastTime: Int64? = nil
    /// The widest distance between consecutive points written, the first of equals (the series'
    /// widest gap when they were written in time order, as finished series are).
    private(set) var widestGap: PointGap? = nil
    /// Where points go instead of the store while the series is live (``LiveSeries``): the
    /// figures above are kept all the same.
    var live: LivePageWriter? = nil

    init(store: PointStore) {
        self.store = store
        segment = store.makeSegment()
    }

    /// Appends a point; a full block goes to the store (which may spill).
    @inline(__always)
    mutating func append(time: Int64, value: Number, quality: Quality = .measured) throws {
        if let last = lastTime, time &- last > widestGap.map({ $0.after &- $0.before }) ?? .min {
            widestGap = PointGap(index: count, before: last, after: time)
        }
        // (Testing the call's result, not `live != nil`, which copies the page at every point.)
        if live?.append(time: time, value: value) == nil {
            if tail.isEmpty { tail.reserveCapacity(store.blockBytes + PointCodec.maxPointBytes) }
            PointCodec.write(time: time, value: value, quality: quality, context: &context, to: &tail)
            tailCount += 1
        }
        count += 1
        if firstTime == nil { firstTime = time }
        lastTime = time
        if tail.count >= store.blockBytes { try flushTail() }
    }

    /// Hands the open block to the store.
    mutating func flushTail() throws {
        guard tailCount > 0 else { return }
        let block = tail
        let blockCount = tailCount
        tail = []
        tailCount = 0
        context = PointCodec.Context()
        try store.append(block: block, count: blockCount, to: segment)
        handed += 1
    }

    /// The blocks written so far plus the open block (without handing it to the store).
    var sources: PointSources {
        PointSources(segment: segment, blockCount: handed, tail: tail)
    }

    /// Every point written, the open block handed to the store as the last block: the sources of
    /// a finished series.
    ///
    /// Nothing can be appended afterwards (see ``PointStore/seal(_:tail:count:)``).
    func sealedSources() throws -> PointSources {
        PointSources(segment: segment, blockCount: try store.seal(segment, tail: tail, count: tailCount), tail: [])
    }
}

/// Where a sequence of points is: the first `blockCount` blocks of a store's segment, then an
/// open block held inline.
struct PointSources: Sendable {
    var segment: Int
    var blockCount: Int
    var tail: [UInt8]
}

/// Reads a sequence of blocks point by point, one block's bytes in memory at a time, or at most
/// a window of them (a k-way merge of many sources, which the budget shares among them).
struct PointCursor {
    let store: PointStore
    let sources: PointSources
    /// Added to every time read (a lazily applied `shiftTimes`).
    let offset: Int64
    /// The most bytes of a stored block held at once (`Int.max`: whole blocks).
    let window: Int
    private var next = 0
    private var bytes: [UInt8] = []
    private var position = 0
    private var context = PointCodec.Context()
    /// The current block's length, and where in it `bytes` ends (equal once the block is whole).
    private var blockLength = 0
    private var loadedEnd = 0

    init(store: PointStore, sources: PointSources, offset: Int64 = 0, window: Int = .max) {
        self.store = store
        self.sources = sources
        self.offset = offset
        // A window of a whole block reads whole blocks, shared with the store rather than copied.
        self.window = window >= store.blockBytes ? .max : max(PointStore.mergeFloorBytes, window)
    }

    /// The most bytes of stored blocks this cursor has held at once (the open block, which the
    /// sequence holds anyway, is not counted).
    private(set) var mostHeld = 0

    /// The next point, or `nil` at the end.
    @inline(__always)
    mutating func nextPoint() throws -> (time: Int64, value: Number, quality: Quality)? {
        // A window about to run out mid-block: keep its unread bytes, read on (a point never
        // straddles the end of what is held).
        if position &+ PointCodec.maxPointBytes > bytes.count && loadedEnd < blockLength { try readOn() }
        while position >= bytes.count {
            if next < sources.blockCount {
                if window == .max {
                    bytes = try store.bytes(of: sources.segment, block: next)
                    blockLength = bytes.count
                } else {
                    (bytes, blockLength) = try store.bytes(of: sources.segment, block: next, from: 0, count: window)
                }
                if bytes.count > mostHeld { mostHeld = bytes.count }
            } else if next == sources.blockCount && !sources.tail.isEmpty {
                bytes = sources.tail
                blockLength = bytes.count
            } else {
                return nil
            }
            loadedEnd = bytes.count
            next += 1
            position = 0
            context = PointCodec.Context()
            if position &+ PointCodec.maxPointBytes > bytes.count && loadedEnd < blockLength { try readOn() }
        }
        var at = position
        var context = self.context
        let point = try PointCodec.read(bytes.span, &at, context: &context)
        position = at
        self.context = context
        return (point.time &+ offset, point.value, point.quality)
    }

    /// Replaces the bytes read with the window's next part of the current block.
    private mutating func readOn() throws {
        let kept = bytes.count - position
        let more = try store.bytes(of: sources.segment, block: next - 1, from: loadedEnd, count: window - kept).bytes
        var joined: [UInt8] = []
        joined.reserveCapacity(kept + more.count)
        joined += bytes[position...]
        joined += more
        bytes = joined
        if bytes.count > mostHeld { mostHeld = bytes.count }
        loadedEnd += more.count
        position = 0
    }
}

/// A finished series' points in a ``PointStore``: sorted, unique times, read a page at a time.
public struct SpilledPoints: StoredPoints {
    let store: PointStore
    let sources: PointSources
    let offset: Int64
    /// The number of points.
    public let count: Int
    /// The earliest time.
    public let firstTime: Int64?
    /// The latest time.
    public let lastTime: Int64?
    /// The most points a page holds.
    public var pageSize = 8192
    /// The widest gap as written (before `offset`), when known.
    let writtenGap: PointGap?

    init(
        store: PointStore,
        sources: PointSources,
        offset: Int64,
        count: Int,
        firstTime: Int64?,
        lastTime: Int64?,
        widestGap: PointGap? = nil
    ) {
        self.writtenGap = widestGap
        self.store = store
        self.sources = sources
        self.offset = offset
        self.count = count
        self.firstTime = firstTime
        self.lastTime = lastTime
    }

    /// The points `writer` wrote, which were in time order with unique times (a finished
    /// series' own writer: a sort's output or a merge's).
    init(written writer: PointWriter) {
        self.init(
            store: writer.store,
            sources: writer.sources,
            offset: 0,
            count: writer.count,
            firstTime: writer.firstTime,
            lastTime: writer.lastTime,
            widestGap: writer.widestGap
        )
    }

    /// The widest gap between neighbouring points, kept as they were written.
    public var widestGap: PointGap? {
        writtenGap.map { PointGap(index: $0.index, before: $0.before &+ offset, after: $0.after &+ offset) }
    }

    /// Decodes the blocks into pages of at most ``pageSize`` points.
    public func forEachPage(_ body: (PointPage) throws -> Void) throws {
        try decodePages(size: max(1, pageSize), body)
    }

    private func decodePages(size: Int, _ body: (PointPage) throws -> Void) throws {
        var page = PointPage()
        page.times.reserveCapacity(min(size, count))
        page.values.reserveCapacity(min(size, count))
        page.qualities.reserveCapacity(min(size, count))
        for index in 0..<sources.blockCount {
            let block = try store.bytes(of: sources.segment, block: index)
            try PointCodec.decode(block, offset: offset, into: &page, pageSize: size, full: body)
        }
        try PointCodec.decode(sources.tail, offset: offset, into: &page, pageSize: size, full: body)
        if !page.isEmpty { try body(page) }
    }
}
