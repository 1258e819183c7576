/// The checks every provider encoder makes before writing: what a format cannot hold is an error
/// naming the series, located where the series came from (a CSV line, a JSON path).
enum DumpRules {
    /// How a series is named in messages: `baishan all bandwidth out (bit/s, 300 s)`.
    static func name(_ s: Series) -> String {
        let i = s.identity
        let direction = i.direction.isEmpty ? "" : " \(i.direction)"
        return "\(i.source) \(i.resource) \(i.metric)\(direction) (\(i.unit), \(i.step) s)"
    }

    /// The error for a series `provider` dumps cannot hold: `series NAME: PROVIDER dumps WHY`.
    static func refuse(_ s: Series, _ provider: DumpProvider, _ why: String) -> Diagnostic {
        .error(.invalidValue, "series \(name(s)): \(provider.rawValue) dumps \(why)", at: s.origin)
    }

    /// Fails unless the series' step is one of `steps`.
    static func requireStep(_ s: Series, in steps: [Int64], _ provider: DumpProvider, what: String) throws {
        guard steps.contains(s.identity.step) else {
            let list = steps.map { "\($0) s" }.joined(separator: ", ")
            throw refuse(s, provider, "have \(what) at steps of \(list) only, not \(s.identity.step) s")
        }
    }

    /// Fails for a negative value (data amounts and rates never are; the decoders refuse them).
    static func requireNonNegative(_ s: Series, _ provider: DumpProvider) throws {
        if let index = s.values.firstIndex(where: \.isNegative) {
            throw refuse(s, provider, "hold no negative values; found \(s.values[index]) at \(UnixTime.iso8601(s.times[index]))")
        }
    }

    /// Fails for a value that is not a whole number (bytes and request counts).
    static func requireWhole(_ s: Series, _ provider: DumpProvider, _ what: String) throws {
        if let index = s.values.firstIndex(where: { $0.exactInteger == nil }) {
            throw refuse(s, provider, "hold whole \(what) only; found \(s.values[index]) at \(UnixTime.iso8601(s.times[index]))")
        }
    }

    /// Fails when two series share a place in the dump (same `key`).
    static func requireUnique<Key: Hashable>(_ series: [Series], _ provider: DumpProvider, key: (Series) -> Key, _ why: String) throws {
        var seen: Set<Key> = []
        for s in series where !seen.insert(key(s)).inserted {
            throw refuse(s, provider, why)
        }
    }

    /// A warning per series with points that are not as measured: the dump will present them as measured.
    static func qualityWarnings(_ series: [Series], _ provider: DumpProvider) -> [Diagnostic] {
        series.compactMap { s in
            let filled = s.qualities.filter { $0 != .measured }
            guard let first = filled.first else { return nil }
            return .warning(
                .invalidValue,
                "series \(name(s)): \(filled.count) point\(filled.count == 1 ? " is" : "s are") \(first.name) (first at "
                    + "\(UnixTime.iso8601(s.times[s.qualities.firstIndex(of: first) ?? 0]))); \(provider.rawValue) dumps mark no "
                    + "quality, so they decode as measured",
                at: s.origin
            )
        }
    }

    /// The points to write, in time order: values, then `null` for the dump's null points
    /// (`nullTimes`), and without zeros when `omitZeros`.
    static func points(_ s: Series, omitZeros: Bool) -> [(time: Int64, value: Number?)] {
        var out: [(time: Int64, value: Number?)] = []
        out.reserveCapacity(s.count + s.nullTimes.count)
        for (t, v) in zip(s.times, s.values) where !(omitZeros && v == .zero) { out.append((t, v)) }
        if !s.nullTimes.isEmpty {
            let present = Set(s.times)
            for t in s.nullTimes where !present.contains(t) { out.append((t, nil)) }
            out.sort { $0.time < $1.time }
        }
        return out
    }

    /// `--step N` when the decoder would not infer `step` from the written times (Baishan and
    /// SwiftFederation infer it from spacing), else nothing.
    static func stepArgument(_ times: [Int64], step: Int64) -> [String] {
        StepInference.infer(times, fallback: 300).step == step ? [] : ["--step", String(step)]
    }

    /// `--step N` for the series in `needing` (whose step the decoder cannot read from their spacing).
    ///
    /// One `--step` decodes the whole dump, so a different step among `all` is refused, saying the
    /// dump would `show` the step only by spacing.
    static func sharedStepArgument(needing: [Series], all: [Series], _ provider: DumpProvider, show: String) throws -> [String] {
        guard let first = needing.first else { return [] }
        if let other = all.first(where: { $0.identity.step != first.identity.step }) {
            throw refuse(first, provider, "show \(show), and one --step cannot also decode \(name(other)): encode them separately")
        }
        return ["--step", String(first.identity.step)]
    }

    /// Refuses `--omit-zeros` for providers that list every point.
    static func refuseOmitZeros(_ options: DumpEncodeOptions, _ provider: DumpProvider) throws {
        if options.omitZeros {
            throw Diagnostic.error(
                .usage,
                "--omit-zeros: \(provider.rawValue) dumps list zero points; only baishan and swiftfederation omit them"
            )
        }
    }

    /// The series with times moved to their interval's end for `label == .end` (the decoders
    /// move them back by the step); providers whose decoders take no `--label` refuse it first
    /// (`requireStartLabels`).
    static func labelled(_ series: [Series], _ options: DumpEncodeOptions) -> [Series] {
        guard options.label == .end else { return series }
        return series.map { s in
            var moved = s
            moved.times = s.times.map { $0 + s.identity.step }
            moved.nullTimes = s.nullTimes.map { $0 + s.identity.step }
            return moved
        }
    }

    /// Refuses `--label end` for providers whose dumps always label interval starts.
    static func requireStartLabels(_ options: DumpEncodeOptions, _ provider: DumpProvider) throws {
        if options.label == .end {
            throw Diagnostic.error(
                .usage,
                "--label end: \(provider.rawValue) dumps label intervals by their start; only baishan and onapp read end labels"
            )
        }
    }

    /// Refuses a `--form` of another provider.
    static func requireForm(_ options: DumpEncodeOptions, _ provider: DumpProvider) throws {
        if let form = options.form, form.provider != provider {
            let own = DumpForm.allCases.filter { $0.provider == provider }.map(\.rawValue)
            let choices = own.isEmpty ? "it has one form" : "its forms are \(own.joined(separator: ", "))"
            throw Diagnostic.error(.usage, "--form \(form.rawValue) is a \(form.provider.rawValue) form; \(provider.rawValue): \(choices)")
        }
    }

    /// Refuses an empty list: a dump of nothing would decode to nothing, not to the series asked for.
    static func requireSeries(_ series: [Series], _ provider: DumpProvider) throws {
        if series.isEmpty { throw Diagnostic.error(.emptySeries, "expected series to encode as a \(provider.rawValue) dump, found none") }
    }
}

/// Appending JSON text for the dump writers.
extension Array where Element == UInt8 {
    /// Appends UTF-8 text.
    mutating func append(text: String) { append(contentsOf: text.utf8) }

    /// Appends a JSON number (canonical text) or `null`.
    mutating func append(json value: Number?) {
        guard let value else { return append(text: "null") }
        value.write(to: &self)
    }

    /// Appends a JSON string literal.
    mutating func append(jsonString text: String) { JSONText.writeString(text, to: &self) }

    /// Appends an ISO 8601 UTC time as a JSON string.
    mutating func append(isoTime time: Int64) {
        append(UInt8(ascii: "\""))
        UnixTime.writeISO8601(time, to: &self)
        append(UInt8(ascii: "\""))
    }
}
