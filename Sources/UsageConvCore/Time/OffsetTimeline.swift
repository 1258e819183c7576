/// A zone's UTC offset over time: an offset before the first transition, the offset each transition
/// brings, and a POSIX rule for the instants from the last transition on (RFC 8536 section 3.2).
///
/// A fixed offset is a timeline with no transitions and no rule.
struct OffsetTimeline: Sendable, Hashable {
    /// Transition instants (Unix seconds), strictly ascending, within ±2^59 s.
    let transitions: [Int64]
    /// `offsets[i]` (seconds east of UTC) is in effect from `transitions[i]` until the next one.
    let offsets: [Int64]
    /// In effect before the first transition, and always when there are neither transitions nor rule.
    let initialOffset: Int64
    /// Governs instants at or after the last transition, or all instants when there are none.
    let rule: PosixTZRule?
    /// The largest magnitude of any offset the timeline can give: how far from a wall-clock time
    /// its UTC instants can lie.
    let maxOffsetMagnitude: Int64

    /// Builds a timeline; `transitions` and `offsets` must have the same count.
    init(transitions: [Int64], offsets: [Int64], initialOffset: Int64, rule: PosixTZRule?) {
        self.transitions = transitions
        self.offsets = offsets
        self.initialOffset = initialOffset
        self.rule = rule
        var magnitude = initialOffset.magnitude
        for offset in offsets { magnitude = max(magnitude, offset.magnitude) }
        if let rule {
            magnitude = max(magnitude, rule.standardOffset.magnitude)
            if let daylight = rule.daylight { magnitude = max(magnitude, daylight.offset.magnitude) }
        }
        maxOffsetMagnitude = Int64(clamping: magnitude)
    }

    /// A constant offset.
    init(fixed offset: Int64) {
        self.init(transitions: [], offsets: [], initialOffset: offset, rule: nil)
    }

    /// Whether every instant has offset 0.
    var isUTC: Bool { maxOffsetMagnitude == 0 }

    /// Seconds east of UTC at the Unix time `t`: a binary search, no allocation.
    func offset(atUTC t: Int64) -> Int64 {
        let count = transitions.count
        guard count > 0 else { return rule?.offset(atUTC: t) ?? initialOffset }
        if t < transitions[0] { return initialOffset }
        if t >= transitions[count - 1] { return rule?.offset(atUTC: t) ?? offsets[count - 1] }
        return offsets[innerIndex(of: t)]
    }

    /// The first instant after `t` at which the offset may change, or nil when it never does.
    func nextTransition(after t: Int64) -> Int64? {
        let count = transitions.count
        if count == 0 || t >= transitions[count - 1] { return rule?.nextChange(after: t) }
        if t < transitions[0] { return transitions[0] }
        return transitions[innerIndex(of: t) + 1]
    }

    /// The index `i` with `transitions[i] <= t < transitions[i + 1]`, for `t` from the first
    /// transition up to (not including) the last.
    private func innerIndex(of t: Int64) -> Int {
        var low = 0
        var high = transitions.count - 1
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if transitions[middle] <= t { low = middle } else { high = middle }
        }
        return low
    }

    /// Wall-clock times are resolved within ±2^52 s; beyond that (142 million years) the offset
    /// at the wall time read as UTC is applied.
    static let wallLimit: Int64 = 1 << 52

    /// The UTC instants at which the wall-clock time `wall` (local seconds counted like Unix time) occurs.
    ///
    /// Walks the offset's segments over every UTC instant that could show `wall`; `wall - o` is a
    /// solution when the segment with offset `o` contains it. No solution means `wall` lies in the
    /// gap of a forward jump, which the walk notes on the way.
    func resolve(local wall: Int64) -> LocalTimeResolution {
        guard wall > -Self.wallLimit, wall < Self.wallLimit else {
            let (instant, overflow) = wall.subtractingReportingOverflow(offset(atUTC: wall))
            return .unique(overflow ? wall : instant)
        }
        let windowEnd = wall + maxOffsetMagnitude + 1
        var segmentStart = wall - maxOffsetMagnitude - 1
        var segmentOffset = offset(atUTC: segmentStart)
        var solutions = 0
        var earliest: Int64 = 0
        var latest: Int64 = 0
        var gap: (transition: Int64, before: Int64, after: Int64)?
        while true {
            let next = nextTransition(after: segmentStart)
            let candidate = wall - segmentOffset
            if candidate >= segmentStart, candidate < next ?? Int64.max {
                if solutions == 0 { earliest = candidate }
                latest = candidate
                solutions += 1
            }
            guard let transition = next, transition <= windowEnd else { break }
            let after = offset(atUTC: transition)
            // The wall clock jumped from transition + before (exclusive) to transition + after.
            if after > segmentOffset, transition + segmentOffset <= wall, wall < transition + after {
                gap = (transition, segmentOffset, after)
            }
            segmentStart = transition
            segmentOffset = after
        }
        if solutions == 1 { return .unique(earliest) }
        if solutions > 1 { return .repeated(earlier: earliest, later: latest) }
        if let gap { return .skipped(transition: gap.transition, offsetBefore: gap.before, offsetAfter: gap.after) }
        // Unreachable for a consistent timeline (the wall clock passes `wall` somewhere in the
        // window); kept as a defined answer rather than a trap.
        return .unique(wall - offset(atUTC: wall))
    }
}
