/// Reads the instants given to `--start` and `--end`.
public enum TimeArgument {
    /// Parses Unix seconds, ISO 8601 with a zone (`2025-03-30T01:00:00Z`, `...+02:00`), or a local
    /// date or date-time without one (`2025-03-30`, `2025-03-30 02:30`) read in `zone`.
    ///
    /// A local time that the zone skips (spring forward) or repeats (fall back) is refused with a
    /// message that names the transition, instead of guessing: the user adds an offset to say
    /// which instant is meant. A date alone means the start of that local day, as `--resample 1d`
    /// has it: where midnight is skipped (Sao Paulo's DST began at 00:00), the day starts at the
    /// transition; where midnight repeats, at its first occurrence.
    public static func parse(_ text: String, in zone: ZoneRules) throws(Diagnostic) -> Int64 {
        let trimmed = text.trimmingASCIIWhitespace
        let bytes = Array(trimmed.utf8)
        if !bytes.isEmpty, bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) || isSignedInteger(bytes) {
            guard let seconds = Int64(trimmed) else { throw invalid(text) }
            return seconds
        }
        if let absolute = UnixTime.parseISO8601(bytes) { return absolute }
        guard let wall = UnixTime.parseISO8601(bytes, defaultOffset: 0) else { throw invalid(text) }
        let dateOnly = bytes.count == 10
        switch zone.resolve(local: wall) {
        case .unique(let instant):
            return instant
        case .skipped(let transition, _, _) where dateOnly:
            return transition
        case .repeated(let earlier, _) where dateOnly:
            return earlier
        case .skipped(let transition, let before, let after):
            throw Diagnostic.error(
                .usage,
                "\(trimmed) does not exist in \(zone.identifier): clocks jumped from "
                    + "\(clock(transition + before)) to \(clock(transition + after)) at \(UnixTime.iso8601(transition)); "
                    + "give an offset, e.g. \(isoWithOffset(wall, offset: before)) or \(isoWithOffset(wall, offset: after))"
            )
        case .repeated(let earlier, let later):
            throw Diagnostic.error(
                .usage,
                "\(trimmed) happens twice in \(zone.identifier) (at \(UnixTime.iso8601(earlier)) and "
                    + "\(UnixTime.iso8601(later))); give an offset, e.g. \(isoWithOffset(wall, offset: wall - earlier)) "
                    + "or \(isoWithOffset(wall, offset: wall - later))"
            )
        }
    }

    private static func isSignedInteger(_ bytes: [UInt8]) -> Bool {
        bytes.count > 1 && bytes[0] == UInt8(ascii: "-")
            && bytes.dropFirst().allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    private static func invalid(_ text: String) -> Diagnostic {
        Diagnostic.error(
            .usage,
            "expected a time like 2025-03-30, '2025-03-30 14:00', 2025-03-30T14:00:00Z, "
                + "2025-03-30T14:00+02:00 or Unix seconds, found '\(text)'"
        )
    }

    /// `HH:MM` of a wall-clock time.
    private static func clock(_ wall: Int64) -> String {
        let seconds = wall - UnixTime.floorDiv(wall, 86_400) * 86_400
        let h = seconds / 3600
        let m = seconds / 60 % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    /// `YYYY-MM-DDTHH:MM:SS±HH:MM` for a wall-clock time and its offset.
    static func isoWithOffset(_ wall: Int64, offset: Int64) -> String {
        var text = UnixTime.iso8601(wall)
        text.removeLast()
        let sign = offset < 0 ? "-" : "+"
        let h = offset.magnitude / 3600
        let m = offset.magnitude / 60 % 60
        return text + sign + (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces, tabs and line breaks.
    var trimmingASCIIWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(self.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
