import Foundation
import UsageConvCore

/// What an in-process `validate` gave: one result per file and the report over them.
package struct ValidationRunResult {
    /// One result per file, in input order.
    package var results: [ValidationReport.FileResult]
    /// The report the command line prints (its `line(_:)`, `summary`, `json`, `junit`).
    package var report: ValidationReport

    /// Every finding as the report words it (`FILE:LOCATION: RULE: severity: message`), then the
    /// unmet expectations of negative fixtures, file by file.
    package var lines: [String] {
        results.flatMap { result in result.findings.map(report.line) + report.expectationLines(result) }
    }

    /// Whether any file failed (the command line's exit 65) or could not be read (66).
    package var failed: Bool {
        results.contains { $0.unreadable != nil || $0.failed(strict: report.strict) }
    }

    /// The one file's result of a single-file run.
    package var only: ValidationReport.FileResult? { results.count == 1 ? results[0] : nil }
}

/// Runs `usageconv validate`'s checks in this process through ``FixtureValidation``.
package enum ValidationRun {
    /// Validates `inputs` (files, folders, globs, relative to the package root).
    ///
    /// - Throws: the ``Diagnostic`` of a `schema` that cannot be used (unreadable, not a schema).
    package static func validate(
        _ inputs: [String],
        schema: String? = nil,
        formatAssertion: Bool = false,
        format: String? = nil,
        ignoresExpectations: Bool = false,
        expectedCSV: String? = nil,
        strict: Bool = false,
        maxExpandedSize: Int64 = GzipByteSource.defaultLimit
    ) throws -> ValidationRunResult {
        _ = LibraryRun.inRoot
        var schemas = try DumpSchemas(formatAssertion: formatAssertion)
        if let schema { try schemas.choose(schema, formatAssertion: formatAssertion) }
        let validation = FixtureValidation(
            schemas: schemas,
            format: format,
            maxExpandedSize: maxExpandedSize,
            ignoresExpectations: ignoresExpectations,
            expectedCSV: expectedCSV
        )
        let results = validation.check(BatchInput.expand(inputs))
        return ValidationRunResult(results: results, report: ValidationReport(files: results, strict: strict))
    }
}
