import ArgumentParser
import UsageConvCore

/// Flags that transform the decoded series: clip → fill → resample → convert, always in that order.
struct TransformOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Keep points starting at or after T: ISO 8601 with zone, YYYY-MM-DD, 'YYYY-MM-DD HH:MM' (in --tz) or Unix seconds. Example: --start 2025-03-01",
            valueName: "T"
        )
    )
    var start: String?

    @Option(
        help: ArgumentHelp("Keep points starting before T (the end is exclusive). Example: --end 2025-04-01", valueName: "T")
    )
    var end: String?

    @Option(
        help: ArgumentHelp(
            "Time zone for local --start/--end and for --resample days, weeks and months (DST-correct). Example: --tz Europe/Berlin",
            valueName: "zone"
        )
    )
    var tz: String?

    @Option(
        help: ArgumentHelp(
            "Fill holes on the series' own step grid: zero (zero-filled), previous (carried), linear (interpolated, by time). Example: --fill zero",
            discussion:
                "Within [--start, --end) when given, else between the first and last point. Series whose provider omits zeros (Baishan, SwiftFederation) are always filled with zeros."
        )
    )
    var fill: FillMethod = .none

    @Option(
        name: .customLong("max-gap"),
        help: ArgumentHelp(
            "Leave holes missing more than this much time empty (previous and linear fill). Example: --max-gap 1h",
            valueName: "duration"
        )
    )
    var maxGap: String?

    @Option(
        help: ArgumentHelp(
            "Re-bucket to Ns, Nm, Nh, Nd, Nw (Monday) or Nmo, aligned to the epoch in UTC or to local midnight with --tz. Example: --resample 1h",
            discussion:
                "Amounts are summed, rates averaged over time (missing time counts as zero where the provider omits zeros, else the bucket is 'partial'). Buckets are labelled by their start, written in UTC.",
            valueName: "interval"
        )
    )
    var resample: String?

    @Option(
        help: ArgumentHelp(
            "Aggregate each bucket by this instead of by kind; p95 is the value at rank ceil(0.95 × n). Example: --agg max",
            valueName: Aggregation.choices
        )
    )
    var agg: Aggregation?

    @Option(
        help: ArgumentHelp(
            "Convert to this unit: bit kbit Mbit Gbit B kB MB GB TB (powers of 1000), KiB MiB GiB TiB (1024), each also per second (Mbit/s, B/s), aliases bps Mbps Gbps bytes; rates and amounts convert through the step. Example: --unit GB",
            valueName: "unit"
        )
    )
    var unit: String?

    func validate() throws {
        // A bad --start/--end/--tz/--unit is reported by `planOrExit()` in the house form
        // (`usageconv: message`, exit 64), not as argument-parser usage text.
        if agg != nil && resample == nil {
            throw ValidationError("--agg chooses how --resample combines points; add --resample (e.g. --resample 1h --agg max).")
        }
    }

    /// The zone named by `--tz` (UTC by default).
    func zone() throws(Diagnostic) -> ZoneRules {
        guard let tz else { return .utc }
        return try ZoneRules(identifier: tz)
    }

    /// The plan, or its usage error printed and the run ended with exit 64.
    func planOrExit() throws -> TransformPlan {
        do {
            return try plan()
        } catch {
            DiagnosticPrinter.print(error)
            throw ExitCode(error.exitCode)
        }
    }

    /// The library plan these flags describe.
    func plan() throws(Diagnostic) -> TransformPlan {
        var plan = TransformPlan()
        let zone = try zone()
        plan.zone = zone
        if let start { plan.start = try TimeArgument.parse(start, in: zone) }
        if let end { plan.end = try TimeArgument.parse(end, in: zone) }
        if let s = plan.start, let e = plan.end, e <= s {
            throw .error(.usage, "--end (\(UnixTime.iso8601(e))) must be after --start (\(UnixTime.iso8601(s)))")
        }
        plan.fill = fill
        if let maxGap {
            guard let interval = CalendarInterval(parsing: maxGap), interval.unit != .months else {
                throw .error(.usage, "--max-gap expects a duration like 90s, 15m, 2h or 1d, found '\(maxGap)'")
            }
            plan.maxGap = interval.nominalSeconds
        }
        if let resample {
            guard let interval = CalendarInterval(parsing: resample) else {
                throw .error(.usage, "--resample expects an interval like 5m, 15m, 1h, 1d, 1w or 1mo, found '\(resample)'")
            }
            plan.resample = try BucketGrid(interval: interval, zone: zone)
        }
        plan.aggregation = agg
        if let unit {
            plan.unit = try UnitConverter.resolveTarget(unit)
        }
        return plan
    }
}
