import UsageConvCore

/// Prints diagnostics to standard error in the DESIGN.md section 6 form: `usageconv: FILE: LOCATION: message`.
enum DiagnosticPrinter {
    /// Prints one diagnostic.
    static func print(_ diagnostic: Diagnostic) {
        printLine("usageconv: \(diagnostic)")
    }

    /// Prints one event of a library run; `decodingFinished` ends the progress line.
    static func show(_ event: Conversion.Event, progress: ProgressLine? = nil) {
        switch event {
        case .diagnostic(let diagnostic): print(diagnostic)
        case .unreadable(let input, let diagnostic): printUnreadable(input.path, diagnostic)
        case .note(let line): printLine("usageconv: " + line)
        case .decodingFinished: progress?.close()
        }
    }

    /// Prints why `path` cannot be read, with a hint when it is one edit away from a subcommand.
    static func printUnreadable(_ path: String, _ diagnostic: Diagnostic) {
        print(diagnostic)
        if let name = DidYouMean.subcommand(for: path, among: UsageConvCommand.subcommandNames) {
            printLine("usageconv: did you mean 'usageconv \(name)'?")
        }
    }

    /// Prints the warnings of inputs passed over while expanding folders and globs, and returns the inputs.
    static func expanded(_ arguments: [String]) -> [BatchInput] {
        let expanded = BatchInput.expandReportingSkipped(arguments, patterns: true)
        for warning in expanded.skipped { print(warning) }
        return expanded.inputs
    }

    /// Prints a plain line to standard error.
    static func printLine(_ line: String) {
        var bytes = Array(FileName.display(line).utf8)
        bytes.append(0x0A)
        // Nothing useful is left to do when standard error itself cannot be written.
        try? FileDescriptorSink(descriptor: 2, name: "<stderr>").write(bytes[...])
    }
}
