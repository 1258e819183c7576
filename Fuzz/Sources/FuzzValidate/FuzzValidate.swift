// libFuzzer target 4: `usageconv validate` on one dump (`DumpValidation.validate`): the XSD
// (libxml2) or JSON Schema check, the strict decode, and — when that stops at a defect — the
// lenient decode pass, each on its own XML parse thread. This is the path that crashed (SIGILL)
// when a decoder stopped mid-document; `Fuzz/run` runs it with -rss_limit_mb and -timeout, so
// blow-ups in either pass count as findings.
//
// Input layout: byte 0 picks the format, byte 1 is unused (kept so the shared seed headers fit),
// the rest is the dump (JSON or XML, gzip too).
//
//   byte 0: f = byte % 8: --format = f == 0 ? auto : DecoderRegistry.names[(f - 1) % count]
import UsageConvCore

/// Compiled once: compiling the bundled schemas costs far more than one validation.
nonisolated(unsafe) let schemas: DumpSchemas = {
    do {
        return try DumpSchemas()
    } catch {
        fatalError("the bundled schemas do not compile: \(error)")
    }
}()

// LeakSanitizer's switches (the harness is always built with ASan, see `run`).
@_silgen_name("__lsan_disable") func lsanDisable()
@_silgen_name("__lsan_enable") func lsanEnable()

/// Compiles the schemas once, before the first input, with LeakSanitizer looking away. The
/// compiled program lives for the whole process in a global, yet when the first input built it,
/// LeakSanitizer reported its keyword arrays as leaked (Swift can store references with spare
/// bits set, which a conservative scan misses). Per-input allocations are still checked.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    lsanDisable()
    _ = schemas.providerJSON.count
    lsanEnable()
    return 0
}

/// What a run found, comparable across runs.
func outcome(_ body: [UInt8], format: String?) -> [String] {
    do {
        let findings = try DumpValidation.validate(
            bytes: body,
            shown: "fuzz.dump",
            schemas: schemas,
            format: format,
            maxExpandedSize: 1 << 20
        )
        return findings.map { finding in
            let d = finding.diagnostic
            guard ["xsd", "schema", "json", "decode", "consistency", "gzip"].contains(finding.rule) else {
                fatalError("unknown rule \(finding.rule): \(d)")
            }
            guard d.location?.file == "fuzz.dump" else { fatalError("finding not located in the file: \(d)") }
            return "\(finding.rule) \(d.severity) \(d.code) \(d.location?.description ?? "") \(d.message)"
        }
    } catch let diagnostic as Diagnostic {
        guard diagnostic.severity == .error else { fatalError("thrown diagnostic is not an error: \(diagnostic)") }
        return ["thrown \(diagnostic.code) \(diagnostic.message)"]
    } catch {
        fatalError("validate threw a non-Diagnostic error: \(error)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let all = Array(UnsafeBufferPointer(start: data, count: size))
    let f = Int((all.first ?? 0) % 8)
    let names = DecoderRegistry.names
    let format: String? = f == 0 ? nil : names[(f - 1) % names.count]
    let body = Array(all.dropFirst(2))
    // Validation is deterministic: the parse threads' timing never changes a finding.
    let first = outcome(body, format: format)
    let second = outcome(body, format: format)
    guard first == second else { fatalError("two validations differ:\n\(first)\n\(second)") }
    return 0
}
