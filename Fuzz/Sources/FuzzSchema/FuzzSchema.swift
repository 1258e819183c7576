// libFuzzer target 3: the JSON Schema 2020-12 validator on arbitrary schemas and instances
// (`usageconv validate --schema` takes user-supplied schemas).
//
// Input layout: byte 0 unused (kept for the shared corpus headers), byte 1 bit 0 = format
// assertion; the rest is SCHEMA NUL INSTANCE. Crashes, hangs and broken invariants (a
// non-Diagnostic error, a result that changes when validated again) are findings.
import UsageConvCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let all = Array(UnsafeBufferPointer(start: data, count: size))
    let flags = all.count > 1 ? all[1] : 0
    let body = all.dropFirst(2)
    let split = body.firstIndex(of: 0) ?? body.endIndex
    let schema = Array(body[..<split])
    let instance = split < body.endIndex ? Array(body[(split + 1)...]) : Array("null".utf8)
    var options = JSONSchemaValidator.Options()
    options.formatAssertion = flags & 1 != 0
    guard let validator = try? JSONSchemaValidator(schema: schema, options: options) else { return 0 }
    let first: [SchemaViolation]?
    do {
        first = try validator.validate(instance)
    } catch {
        first = nil
    }
    let second = try? validator.validate(instance)
    if first != second { fatalError("validating the same instance twice disagreed: \(String(describing: first)) vs \(String(describing: second))") }
    return 0
}
