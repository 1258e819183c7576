// The types in this product's public API that live one layer down: `Diagnostic` (what compiling
// and validating throw), `Number` (a `JSONValue.number`) and `JSONReaderOptions`. Re-exported so
// `import JSONSchema2020` alone is enough for a program that uses only the validator.
@_exported import JSONStream
@_exported import UsageConvDiagnostics
@_exported import UsageConvValues
