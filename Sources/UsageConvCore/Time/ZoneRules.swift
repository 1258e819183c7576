import Glibc

/// A time zone's UTC offsets over time: the system tz database (TZif), a fixed offset, or UTC.
public struct ZoneRules: Sendable, Hashable {
    /// The name as given ("Europe/Berlin", "UTC", "+05:30").
    public let identifier: String
    /// The offsets; a fixed offset is a timeline without transitions.
    let timeline: OffsetTimeline

    /// Coordinated Universal Time.
    public static let utc = ZoneRules(identifier: "UTC", timeline: OffsetTimeline(fixed: 0))

    /// Where zone files are looked up.
    public static let defaultDatabasePath = "/usr/share/zoneinfo"

    /// Larger files are refused unread: the biggest zone in the database is under 4 KB.
    static let maximumFileSize = 256 * 1024

    init(identifier: String, timeline: OffsetTimeline) {
        self.identifier = identifier
        self.timeline = timeline
    }

    /// Accepts "UTC"/"Z"/"Etc/UTC", fixed offsets "+05:30", "-0800", "+02", and tz database names.
    public init(identifier: String, databasePath: String = ZoneRules.defaultDatabasePath) throws(Diagnostic) {
        self.identifier = identifier
        if identifier == "UTC" || identifier == "Z" || identifier == "Etc/UTC" {
            timeline = OffsetTimeline(fixed: 0)
        } else if let offset = Self.fixedOffset(Array(identifier.utf8)) {
            timeline = OffsetTimeline(fixed: offset)
        } else {
            timeline = try Self.load(identifier, from: databasePath)
        }
    }

    /// Whether the zone is UTC at every instant (offset always 0).
    public var isUTC: Bool { timeline.isUTC }

    /// Seconds east of UTC in effect at the Unix time `t`.
    public func offset(atUTC t: Int64) -> Int64 {
        timeline.offset(atUTC: t)
    }

    /// The UTC instants at which the local wall-clock time `wall` occurs.
    ///
    /// `wall` is local wall-clock seconds counted like Unix time (i.e. utc + offset).
    public func resolve(local wall: Int64) -> LocalTimeResolution {
        timeline.resolve(local: wall)
    }

    /// The UTC instant at which the local day `day` (days since 1970-01-01) begins.
    ///
    /// That is its midnight, the first of two when it repeats, or the moment the clocks jump when
    /// it is skipped. Buckets, billing months and chart ticks all start days this way.
    public func startOfLocalDay(_ day: Int64) -> Int64 {
        switch resolve(local: day * 86_400) {
        case .unique(let instant): instant
        case .skipped(let transition, _, _): transition
        case .repeated(let earlier, _): earlier
        }
    }

    // MARK: Identifiers

    /// `±hh`, `±hhmm` or `±hh:mm` (east of UTC is positive, as in ISO 8601), in seconds.
    static func fixedOffset(_ bytes: [UInt8]) -> Int64? {
        guard let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        var digits = Array(bytes.dropFirst())
        if digits.count == 5, digits[2] == UInt8(ascii: ":") { digits.remove(at: 2) }
        guard digits.count == 2 || digits.count == 4,
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        let values = digits.map { Int64($0 - UInt8(ascii: "0")) }
        let hours = values[0] * 10 + values[1]
        let minutes = values.count == 4 ? values[2] * 10 + values[3] : 0
        guard hours <= 23, minutes <= 59 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return sign == UInt8(ascii: "-") ? -seconds : seconds
    }

    /// Whether `name` can only name a file inside the database folder: relative, `/`-separated
    /// components of `A-Za-z0-9_+-.` that are not empty and do not start with a dot (so no `..`).
    static func isDatabaseName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 255 else { return false }
        for component in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            guard let first = component.first, first != UInt8(ascii: ".") else { return false }
            for byte in component {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-"),
                    UInt8(ascii: "."):
                    continue
                default:
                    return false
                }
            }
        }
        return true
    }

    // MARK: Database files

    /// Reads and parses `databasePath/name`.
    private static func load(_ name: String, from databasePath: String) throws(Diagnostic) -> OffsetTimeline {
        guard isDatabaseName(name) else { throw unknown(name, "not a tz database name") }
        let path = databasePath.hasSuffix("/") ? databasePath + name : databasePath + "/" + name
        var info = stat()
        guard stat(path, &info) == 0 else { throw unknown(name, "no such file in \(databasePath)") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw unknown(name, "\(path) is not a zone file") }
        let bytes: [UInt8]
        do {
            let source = try FileByteSource(path: path)
            let expected = Int(clamping: source.sizeHint ?? Int64(maximumFileSize))
            bytes = try source.readBytes(upTo: min(expected, maximumFileSize) + 1)
        } catch let diagnostic as Diagnostic {
            throw Diagnostic.error(.usage, "cannot read time zone file \(path): \(diagnostic.message)")
        } catch {
            throw Diagnostic.error(.usage, "cannot read time zone file \(path): \(error)")
        }
        guard bytes.count <= maximumFileSize else {
            throw Diagnostic.error(
                .usage,
                "time zone file \(path) is not a valid TZif file: it is larger than \(maximumFileSize / 1024) KB"
            )
        }
        do {
            return try TZifFile.parse(bytes)
        } catch {
            throw Diagnostic.error(.usage, "time zone file \(path) is not a valid TZif file: \(error.reason)")
        }
    }

    private static func unknown(_ name: String, _ reason: String) -> Diagnostic {
        Diagnostic.error(
            .usage,
            "unknown time zone \(InputQuote.quote(Array(name.utf8))): \(reason) "
                + "(a tz database name like Europe/Berlin, UTC, or an offset like +05:30)"
        )
    }
}
