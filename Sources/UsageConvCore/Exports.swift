// The layers below, re-exported: `import UsageConvCore` alone gives a library user `Diagnostic`,
// `ByteSource`, `FileByteSource`, `JSONReader` and `JSONSchemaValidator` as before the split. The split
// is for the compiler's dependency checks, not for users to assemble modules by hand.
@_exported import JSONSchema2020
@_exported import JSONStream
@_exported import UsageConvBytes
@_exported import UsageConvDiagnostics
@_exported import UsageConvIO
@_exported import UsageConvValues
@_exported import XMLStream
