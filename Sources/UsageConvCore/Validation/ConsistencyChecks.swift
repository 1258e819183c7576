/// Checks on a dump's decoded series that no schema can express (`usageconv validate`, rule `consistency`).
///
/// The decoders already report unsorted and duplicate times, totals that disagree with their
/// points, and `EndTime <= StartTime`; these add what needs the whole series.
public enum ConsistencyChecks {
    /// What `source`'s decoder declares about its API; nothing for an unknown source.
    static func facts(of source: String) -> ProviderFacts {
        DecoderRegistry.decoder(named: source)?.facts ?? ProviderFacts()
    }

    /// Warnings for `series` decoded from one dump of `source`.
    public static func check(_ series: [Series], source: String) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let facts = facts(of: source)
        for s in series where s.count > 0 {
            let before = findings.count
            // Each finding is about the whole series: located where its points are.
            defer {
                for k in before..<findings.count where findings[k].location == nil { findings[k].location = s.origin }
            }
            let i = s.identity
            let name = "\(i.resource) \(i.metric)\(i.direction.isEmpty ? "" : " \(i.direction)")"
            guard let first = s.times.first, let last = s.times.last else { continue }
            let span = last + i.step - first
            // Steps: points off the grid most points are on, unless the decoder reports them itself
            // or its samples are jittered by nature.
            if !facts.checksItsOwnGrid && i.step > 0 {
                let off = StepInference.offGrid(s.times, step: i.step)
                if let example = off.first {
                    findings.append(
                        .warning(
                            .invalidValue,
                            "\(name): \(off.count) of \(s.count) points are off the \(i.step) s grid of the others, first at "
                                + "\(UnixTime.iso8601(example))"
                        )
                    )
                }
            }
            // A limit documented for one step (SwiftFederation's 24 hours of 5-minute data) leaves
            // other steps alone (its customer-level daily dumps run longer).
            if let limit = facts.callSpan, limit.applies(toStep: i.step), span > limit.seconds {
                findings.append(
                    .warning(
                        .invalidValue,
                        "\(name): the points span \(describe(span)), but \(limit.rule): a merged or edited dump?"
                    )
                )
            }
            for limit in facts.granularitySpans where limit.applies(toStep: i.step) && span > limit.seconds {
                let minutes = i.step % 60 == 0 ? "\(i.step / 60)-minute" : "\(i.step)-second"
                findings.append(
                    .warning(.invalidValue, "\(name): \(describe(span)) of \(minutes) points, but \(limit.rule)")
                )
            }
            // Points after the moment the dump says it was taken.
            if let text = s.meta["last"], let taken = UnixTime.parseISO8601(Array(text.utf8)) {
                let future = s.times.filter { $0 > taken }
                if let example = future.first {
                    findings.append(
                        .warning(
                            .invalidValue,
                            "\(name): \(future.count) points are later than the dump's own last (\(text)), first at \(UnixTime.iso8601(example))"
                        )
                    )
                }
            }
        }
        return findings
    }

    /// Warnings for points implausibly far from the rest of their series.
    ///
    /// Far: separated from the others by more than the provider's longest span per call
    /// (its decoder's `facts.callSpan`), which no single dump can hold. `convert` and `stats` report them (validate's span check covers them there),
    /// so a mistyped year is named before `--fill` or `--resample` meets it.
    public static func farPoints(_ series: [Series], source: String) -> [Diagnostic] {
        guard let limit = facts(of: source).callSpan else { return [] }
        var warnings: [Diagnostic] = []
        for s in series where s.pointCount > 1 && limit.applies(toStep: s.identity.step) {
            // The widest gap between neighbours (the first of equals): its index and the times on
            // either side, as noted when the points were stored, else in one pass over them.
            let count = s.pointCount
            var widest = 0
            var gap = Int64.min
            var ends: (Int64, Int64) = (0, 0)
            var index = 0
            var previous: Int64? = nil
            if let known = s.stored?.widestGap {
                (widest, gap, ends) = (known.index, known.after - known.before, (known.before, known.after))
            } else {
                do {
                    try s.forEachPage { page in
                        for time in page.times {
                            if let previous, time - previous > gap {
                                gap = time - previous
                                widest = index
                                ends = (previous, time)
                            }
                            previous = time
                            index += 1
                        }
                    }
                } catch {
                    // An unreadable spill file fails the conversion where the points are read next.
                    continue
                }
            }
            guard gap > limit.seconds else { continue }
            // The far point is the one on the side of the gap with fewer points.
            let (far, near) = widest * 2 < count ? (ends.0, ends.1) : (ends.1, ends.0)
            let side = widest * 2 < count ? widest : count - widest
            let i = s.identity
            let name = "\(i.resource) \(i.metric)\(i.direction.isEmpty ? "" : " \(i.direction)")"
            let before = widest * 2 < count
            let which =
                side == 1
                ? "the point at \(UnixTime.iso8601(far)) is"
                : "\(side) points, at \(UnixTime.iso8601(far)) and \(before ? "before" : "after"), are"
            warnings.append(
                .warning(
                    .invalidValue,
                    "series \(name): \(which) \(distance(gap)) from the rest "
                        + "(nearest \(UnixTime.iso8601(near))), but \(limit.rule): a mistyped time?",
                    at: s.origin
                )
            )
        }
        return warnings
    }

    /// A distance in time as a person reads it: `36 h`, `12.5 days`, `5420 years`.
    static func distance(_ seconds: Int64) -> String {
        if seconds < 3 * 86_400 { return "\(Number(seconds).divided(by: 3600)) h" }
        if seconds < 730 * 86_400 { return "\(Double((seconds * 10 + 43_200) / 86_400) / 10) days" }
        return "\((seconds + 15_778_476) / 31_556_952) years"
    }

    /// `36 h` or `12.5 days`.
    static func describe(_ seconds: Int64) -> String {
        seconds < 3 * 86_400
            ? "\(Number(seconds).divided(by: 3600)) h" : "\(Number(seconds).divided(by: 86_400)) days"
    }
}
