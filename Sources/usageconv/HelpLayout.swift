import Glibc

/// The width help is laid out for: `COLUMNS`, else the terminal's, else 80 (piped), as
/// argument-parser decides it.
enum TerminalWidth {
    /// The width in columns.
    static var current: Int {
        if let text = getenv("COLUMNS").map({ String(cString: $0) }), let columns = Int(text), columns > 0 { return columns }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}

/// Text fixes for what argument-parser renders: no stranded words in help, errors in the house form.
enum HelpLayout {
    /// `text` with every word stranded alone on a wrapped line joined by the word before it.
    ///
    /// argument-parser wraps greedily, so a paragraph or an option's help can end with one word
    /// on a line of its own (`...for\nevery`); moving the previous line's last word down gives
    /// two. Option labels on a line of their own (`  --format-assertion`), headings (`OPTIONS:`)
    /// and blank lines are not continuations and are left alone.
    static func balanced(_ text: String, width: Int) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count > 1 else { return text }
        for i in 1..<lines.count {
            let line = Array(lines[i])
            let indent = line.prefix { $0 == " " }.count
            let word = line[indent...]
            guard !word.isEmpty, !word.contains(" "), word.last != ":", !isLabel(line, indent: indent) else { continue }
            let previous = Array(lines[i - 1])
            let previousIndent = previous.prefix { $0 == " " }.count
            guard previousIndent < previous.count, indent >= previousIndent, let space = previous.lastIndex(of: " ") else { continue }
            let moved = previous[(space + 1)...]
            // The previous line keeps a word in the same column, and the joined line fits.
            let kept = previous[..<space]
            guard kept.count > indent, kept[indent...].contains(where: { $0 != " " }) else { continue }
            guard !moved.isEmpty, indent + moved.count + 1 + word.count <= width else { continue }
            lines[i - 1] = String(kept.reversed().drop { $0 == " " }.reversed())
            lines[i] = String(repeating: " ", count: indent) + String(moved) + " " + String(word)
        }
        return lines.joined(separator: "\n")
    }

    /// Whether a line is an option or argument label (`  --strict`, `  <file>`), which
    /// argument-parser indents by two.
    private static func isLabel(_ line: [Character], indent: Int) -> Bool {
        indent == 2 && (line[indent] == "-" || line[indent] == "<")
    }

    /// argument-parser's message for a usage error in the house form: a lowercase phrase
    /// without a closing period (`The value 'x' is invalid for '--to <to>'. Please provide one
    /// of 'csv', ...` becomes `the value 'x' is invalid for '--to <to>'; expected one of 'csv', ...`).
    static func houseForm(_ message: String) -> String {
        let lines = message.split(separator: "\n").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        // Past a few choices argument-parser lists them one per line (`- csv`): one list here too.
        let choices = lines.filter { $0.hasPrefix("- ") }.map { "'\($0.dropFirst(2))'" }
        var text = lines.filter { !$0.hasPrefix("- ") }.joined(separator: "; ")
        if !choices.isEmpty {
            text = text.replacing(". Please provide one of the following:", with: ". Please provide one of ")
            text += choices.joined(separator: ", ")
        }
        text = text.replacing(". Please provide one of ", with: "; expected one of ")
        text = text.replacing(". Please provide at least one value", with: "; give at least one value")
        text = text.replacing(". Did you mean ", with: "; did you mean ")
        if text.hasSuffix(".") { text.removeLast() }
        // Lowercase a sentence's first word (`Unknown`, `Missing`), never a name (`JSON`, `OnApp`).
        let letters = Array(text.prefix(2))
        if letters.count == 2, letters[0].isUppercase, letters[1].isLowercase {
            text = letters[0].lowercased() + text.dropFirst()
        }
        return text
    }
}

extension Substring {
    /// Without leading and trailing spaces.
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
