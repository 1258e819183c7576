import PropertyBased
import Testing

@testable import UsageConvCore

/// `PathText`'s byte-wise prefix, suffix and `relative` against their definitions scalar for
/// scalar, on names mixing separators, combining marks, non-ASCII and escaped (non-UTF-8) bytes.
struct PathTextTests {
    /// Pieces of names: a combining mark right after `/` makes one `Character` of both.
    static let pieces = ["/", "a", "b.json", "\u{301}", "é", "e\u{301}", "日本", ".", "..", FileName.decode([0xE9]), "\u{10FF41}"]

    /// `relative(_:below:)` by its definition: scalar for scalar.
    static func relative(_ path: String, below folder: String) -> String? {
        if folder == "." { return path.unicodeScalars.starts(with: "./".unicodeScalars) ? String(path.unicodeScalars.dropFirst(2)) : path }
        let prefix = folder.unicodeScalars.last == "/" ? folder : folder + "/"
        guard path.unicodeScalars.starts(with: prefix.unicodeScalars) else { return nil }
        return String(String.UnicodeScalarView(path.unicodeScalars.dropFirst(prefix.unicodeScalars.count)))
    }

    static func name(_ picks: [Int]) -> String {
        picks.map { pieces[$0 % pieces.count] }.joined()
    }

    @Test func prefixSuffixAndRelativeAgreeWithScalarComparison() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...100).array(of: 0...6), Gen.int(in: 0...100).array(of: 0...4)) { a, b in
            let path = Self.name(a)
            let part = Self.name(b)
            for candidate in [part, path + part, part + path, String(path.unicodeScalars.prefix(2))] {
                #expect(PathText.hasPrefix(path, candidate) == path.unicodeScalars.starts(with: candidate.unicodeScalars))
                #expect(
                    PathText.hasSuffix(path, candidate) == path.unicodeScalars.reversed().starts(with: candidate.unicodeScalars.reversed())
                )
            }
            let folder = part.isEmpty ? "x" : part
            for (whole, below) in [(folder + "/" + path, folder), (path, part), (path + "/" + part, path), (path, folder + "/")] {
                #expect(PathText.relative(whole, below: below) == Self.relative(whole, below: below))
            }
        }
    }

    @Test func aCombiningMarkAfterTheSeparatorStaysWithTheName() {
        // "/" + U+0301 is one Character: a Character-wise cut would drop the mark or miss the separator.
        #expect(PathText.relative("in/\u{301}x.json", below: "in") == "\u{301}x.json")
        #expect(PathText.hasPrefix("in/\u{301}x.json", "in/"))
        #expect(PathText.hasSuffix("a\u{301}", "\u{301}"))
        #expect(!PathText.hasSuffix("a\u{301}", "a"))
        #expect(PathText.relative("inside/x", below: "in") == nil)
    }
}
