// libFuzzer target 2: sniffing + decoding (`InputDecoding`, every registered decoder, JSON and
// XML), merging, and every encoder.
//
// Input layout: byte 0 picks the source chunk size and extra options, byte 1 the decode
// options, the rest is the dump. Broken invariants are `fatalError`s (see README.md).
//
//   byte 0: n = byte % 65; 0 = the whole input in one read, 1...64 = at most n bytes per read.
//           byte / 65 (0...3): bit 0 step = 300 s, bit 1 label = .end
//   byte 1: bit 0     lenient
//           bits 1-3  f: --format = f == 0 ? auto : DecoderRegistry.names[(f - 1) % count]
//           bits 4-6  v: duplicate policy [error, first, last, max, sum][v % 5]; v >= 5 also
//                     sets assumedUnit = "bit/s"
//           bit 7     resource "fuzz.example" and metric "traffic"
import UsageConvCore

enum Outcome: Equatable {
    case decoded([Series], warnings: [Diagnostic.Code])
    case failed(Diagnostic.Code, offset: Int64?, path: String?)
}

func decode(_ body: [UInt8], chunk: Int, format: String?, options: DecodeOptions) -> Outcome {
    do {
        let result = try InputDecoding.decode(source: MemoryByteSource(body, chunkLimit: chunk), format: format, options: options)
        for warning in result.warnings where warning.severity != .warning {
            fatalError("decode warning with severity \(warning.severity): \(warning)")
        }
        return .decoded(result.series, warnings: result.warnings.map(\.code))
    } catch let diagnostic as Diagnostic {
        guard diagnostic.severity == .error else { fatalError("thrown diagnostic is not an error: \(diagnostic)") }
        return .failed(diagnostic.code, offset: diagnostic.location?.offset, path: diagnostic.location?.path)
    } catch {
        fatalError("decode threw a non-Diagnostic error: \(error)")
    }
}

/// Reads `bytes` as strict JSON to the end; nil when accepted, else the error.
func jsonError(_ bytes: ArraySlice<UInt8>) -> Diagnostic? {
    let reader = JSONReader(bytes: Array(bytes))
    do {
        while try reader.next() != .endOfInput {}
        return nil
    } catch let diagnostic as Diagnostic {
        return diagnostic
    } catch {
        return Diagnostic.error(.malformedInput, "\(error)")
    }
}

func check(_ series: [Series], warnings: [Diagnostic]) {
    let points = series.reduce(0) { $0 + $1.count }
    for s in series {
        guard s.times.count == s.values.count, s.values.count == s.qualities.count else {
            fatalError("series \(s.identity) has \(s.times.count) times, \(s.values.count) values, \(s.qualities.count) qualities")
        }
        for (name, column) in s.labels where column.count != s.count {
            fatalError("label column \(name) has \(column.count) entries for \(s.count) points")
        }
    }
    for time in [TimeFormat?.none, .iso, .epoch] {
        var encodeOptions = EncodeOptions()
        encodeOptions.time = time
        // A database is written through SQLiteLoader into a file, never to a stream.
        for format in OutputFormat.allCases where !format.isDatabase {
            let sink = MemorySink()
            do {
                try format.encoder(options: encodeOptions).encode(series, warnings: warnings, to: sink)
            } catch let diagnostic as Diagnostic where format == .openmetrics || format == .influx || format == .focus {
                // Documented refusals before any byte is written (a negative amount cannot be a
                // counter; text a tag cannot carry; usage FOCUS has no price for): an answer, not a crash.
                guard sink.bytes.isEmpty else { fatalError("\(format) wrote bytes before refusing: \(diagnostic)") }
                continue
            } catch {
                fatalError("\(format) encoder threw writing to memory: \(error)")
            }
            if format == .parquet {
                // Binary: the file starts and ends with the magic PAR1 (pyarrow reads it in the tests).
                let magic: [UInt8] = Array("PAR1".utf8)
                guard sink.bytes.count >= 12, Array(sink.bytes.prefix(4)) == magic, Array(sink.bytes.suffix(4)) == magic else {
                    fatalError("parquet output lacks the PAR1 magic at its start or end")
                }
                continue
            }
            guard String(validating: sink.bytes, as: UTF8.self) != nil else { fatalError("\(format) output is not UTF-8") }
            switch format {
            case .json:
                if let error = jsonError(sink.bytes[...]) {
                    fatalError("json output is not JSON: \(error)\n\(sink.text.prefix(2000))")
                }
            case .ndjson:
                let lines = sink.bytes.split(separator: 0x0A, omittingEmptySubsequences: true)
                guard lines.count == points else { fatalError("ndjson: \(lines.count) lines for \(points) points") }
                for line in lines {
                    if let error = jsonError(line) {
                        fatalError("ndjson line is not JSON: \(error)\n\(String(decoding: line, as: UTF8.self))")
                    }
                }
            case .tsv:
                let lines = sink.bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                guard lines.count == points + 2, lines.last?.isEmpty == true else {
                    fatalError("tsv: \(lines.count - 1) lines for \(points) points plus a header")
                }
            case .csv:
                guard sink.bytes.last == 0x0A else { fatalError("csv output does not end with a newline") }
            default:
                // Newer formats (openmetrics, influx): UTF-8 is checked above; their own readers
                // (promtool, InfluxDB) check them in the tests.
                break
            }
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let all = Array(UnsafeBufferPointer(start: data, count: size))
    let chunkByte = all.count > 0 ? all[0] : 0
    let flags = all.count > 1 ? all[1] : 0
    let body = Array(all.dropFirst(2))

    let chunk = chunkByte % 65 == 0 ? Int.max : Int(chunkByte % 65)
    let extra = chunkByte / 65
    var options = DecodeOptions()
    options.lenient = flags & 1 != 0
    let f = Int((flags >> 1) & 7)
    let names = DecoderRegistry.names
    let format: String? = f == 0 ? nil : names[(f - 1) % names.count]
    let policies: [DuplicatePolicy] = [.error, .first, .last, .max, .sum]
    let v = Int((flags >> 4) & 7)
    options.duplicates = policies[v % 5]
    if v >= 5 { options.assumedUnit = "bit/s" }
    if flags & 128 != 0 {
        options.resource = "fuzz.example"
        options.metric = "traffic"
    }
    if extra & 1 != 0 { options.step = 300 }
    if extra & 2 != 0 { options.label = .end }

    // 1. Chunk size never changes what a dump decodes to, or where it fails.
    let whole = decode(body, chunk: .max, format: format, options: options)
    let chunked = decode(body, chunk: chunk, format: format, options: options)
    guard whole == chunked else {
        fatalError("chunk \(chunk) decodes differently:\nwhole:   \(whole)\nchunked: \(chunked)")
    }
    guard case .decoded(let series, _) = whole else { return 0 }

    // 2. Merging (as `convert` does, and with the input given twice) then every encoder.
    for input in [series, series + series] {
        do {
            let merged = try SeriesMerger.merge(input, duplicates: options.duplicates)
            check(merged.series, warnings: merged.warnings)
        } catch let diagnostic as Diagnostic {
            guard diagnostic.severity == .error else { fatalError("merge threw a non-error diagnostic: \(diagnostic)") }
        } catch {
            fatalError("merge threw a non-Diagnostic error: \(error)")
        }
    }
    return 0
}
