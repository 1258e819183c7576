/// Reads the tz database's binary TZif format (RFC 8536, versions 1 to 4) into an `OffsetTimeline`.
///
/// Every count is checked against the bytes actually present before anything is allocated, so a
/// truncated or hostile file is refused with a reason, never a trap or a huge allocation.
/// Leap-second records (the `right/` zones) are skipped: Unix time does not count leap seconds.
enum TZifFile {
    /// Why bytes are not a usable TZif file.
    struct FormatError: Error, Sendable {
        /// A lowercase phrase such as `the file ends inside its version 2 data`.
        let reason: String
    }

    /// Transitions further than this from 1970 are refused (RFC 8536 section 3.2 bounds them by -2^59;
    /// zic never writes later ones), which keeps all offset arithmetic far from overflow.
    static let transitionLimit: Int64 = 1 << 59

    /// Parses a whole TZif file: for version 2 and later the 64-bit block and the footer rule, for
    /// version 1 the 32-bit block.
    static func parse(_ bytes: [UInt8]) throws(FormatError) -> OffsetTimeline {
        var reader = TZifReader(bytes: bytes)
        let first = try reader.header()
        guard first.version >= 2 else { return try reader.block(first, timeSize: 4) }
        try reader.skip(first.blockSize(timeSize: 4), what: "its version 1 data")
        let second = try reader.header()
        guard second.version >= 2 else { throw FormatError(reason: "its second header is not version 2 or later") }
        let table = try reader.block(second, timeSize: 8)
        guard let rule = try reader.footer() else { return table }
        return OffsetTimeline(
            transitions: table.transitions,
            offsets: table.offsets,
            initialOffset: table.initialOffset,
            rule: rule
        )
    }
}

/// The counts of one TZif header (RFC 8536 section 3.1).
private struct TZifHeader {
    /// 1 for the `\0` version byte, else the digit (2, 3, 4, ...).
    var version: Int
    var isUTCCount: Int
    var isStandardCount: Int
    var leapCount: Int
    var timeCount: Int
    var typeCount: Int
    var charCount: Int

    /// The bytes of the data block that follows, with `timeSize`-byte times.
    func blockSize(timeSize: Int) -> Int {
        timeCount * timeSize + timeCount + typeCount * 6 + charCount + leapCount * (timeSize + 4)
            + isStandardCount + isUTCCount
    }
}

/// A bounds-checked big-endian cursor over a TZif file's bytes.
private struct TZifReader {
    typealias FormatError = TZifFile.FormatError

    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - position }

    mutating func skip(_ count: Int, what: String) throws(FormatError) {
        guard count <= remaining else { throw FormatError(reason: "the file ends inside \(what)") }
        position += count
    }

    /// A big-endian signed integer of `size` bytes (4 or 8); the caller has checked the bounds.
    mutating func integer(size: Int) -> Int64 {
        var value: UInt64 = 0
        for i in position..<(position + size) { value = value << 8 | UInt64(bytes[i]) }
        position += size
        return size == 4 ? Int64(Int32(truncatingIfNeeded: value)) : Int64(bitPattern: value)
    }

    /// An unsigned 32-bit count; as Int it cannot overflow the size arithmetic on 64-bit platforms.
    mutating func count() -> Int {
        Int(UInt32(truncatingIfNeeded: integer(size: 4)))
    }

    mutating func header() throws(FormatError) -> TZifHeader {
        guard remaining >= 44 else { throw FormatError(reason: "the file ends inside its header") }
        guard bytes[position..<(position + 4)].elementsEqual("TZif".utf8) else {
            throw FormatError(reason: "it does not start with the TZif magic bytes")
        }
        let versionByte = bytes[position + 4]
        let version: Int
        switch versionByte {
        case 0: version = 1
        case UInt8(ascii: "2")...UInt8(ascii: "9"): version = Int(versionByte - UInt8(ascii: "0"))
        default: throw FormatError(reason: "its version byte \(InputQuote.describe(byte: versionByte)) is unknown")
        }
        position += 20
        // Arguments are evaluated left to right: the six counts in file order.
        let header = TZifHeader(
            version: version,
            isUTCCount: count(),
            isStandardCount: count(),
            leapCount: count(),
            timeCount: count(),
            typeCount: count(),
            charCount: count()
        )
        guard header.typeCount > 0 else { throw FormatError(reason: "it has no local time types") }
        guard header.charCount > 0 else { throw FormatError(reason: "it has no time zone designations") }
        guard header.isUTCCount == 0 || header.isUTCCount == header.typeCount,
            header.isStandardCount == 0 || header.isStandardCount == header.typeCount
        else { throw FormatError(reason: "its UT/local and standard/wall indicator counts do not match its type count") }
        return header
    }

    /// One data block: transitions, their type indices, the local time types; the designations,
    /// leap-second records and indicators are checked for size and skipped.
    mutating func block(_ header: TZifHeader, timeSize: Int) throws(FormatError) -> OffsetTimeline {
        guard header.blockSize(timeSize: timeSize) <= remaining else {
            throw FormatError(reason: "the file ends inside its version \(header.version) data")
        }
        var transitions: [Int64] = []
        transitions.reserveCapacity(header.timeCount)
        for _ in 0..<header.timeCount {
            let time = integer(size: timeSize)
            guard time >= -TZifFile.transitionLimit, time <= TZifFile.transitionLimit else {
                throw FormatError(reason: "a transition time (\(time)) is out of range")
            }
            if let last = transitions.last, time <= last {
                throw FormatError(reason: "its transition times are not in ascending order")
            }
            transitions.append(time)
        }
        let indices = bytes[position..<(position + header.timeCount)]
        position += header.timeCount
        var typeOffsets: [Int64] = []
        typeOffsets.reserveCapacity(header.typeCount)
        for _ in 0..<header.typeCount {
            let offset = integer(size: 4)
            let isDST = bytes[position]
            let designation = Int(bytes[position + 1])
            position += 2
            guard offset != Int64(Int32.min) else { throw FormatError(reason: "a local time type has offset -2^31") }
            guard isDST <= 1 else { throw FormatError(reason: "a local time type's DST flag is neither 0 nor 1") }
            guard designation < header.charCount else {
                throw FormatError(reason: "a local time type's designation index is past the designations")
            }
            typeOffsets.append(offset)
        }
        var offsets: [Int64] = []
        offsets.reserveCapacity(header.timeCount)
        for index in indices {
            guard Int(index) < typeOffsets.count else {
                throw FormatError(reason: "a transition refers to local time type \(index), which does not exist")
            }
            offsets.append(typeOffsets[Int(index)])
        }
        position += header.charCount + header.leapCount * (timeSize + 4) + header.isStandardCount + header.isUTCCount
        // RFC 8536 section 3.2: local time before the first transition is time type 0.
        return OffsetTimeline(transitions: transitions, offsets: offsets, initialOffset: typeOffsets[0], rule: nil)
    }

    /// The version 2+ footer `\nTZ string\n`; nil when the TZ string is empty (no rule).
    mutating func footer() throws(FormatError) -> PosixTZRule? {
        guard remaining > 0, bytes[position] == UInt8(ascii: "\n") else {
            throw FormatError(reason: "the footer's opening newline is missing")
        }
        let start = position + 1
        guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else {
            throw FormatError(reason: "the footer's closing newline is missing")
        }
        position = end + 1
        let text = bytes[start..<end]
        if text.isEmpty { return nil }
        guard let rule = PosixTZRule(text) else {
            throw FormatError(reason: "its footer \(InputQuote.quote(text)) is not a POSIX TZ rule")
        }
        return rule
    }
}
