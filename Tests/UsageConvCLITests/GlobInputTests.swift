import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// Quoted globs expanded by usageconv: matches below the pattern's fixed folder keep their
/// folders under `-o DIR/`, `**` crosses folders, hidden names need a literal `.`.
struct GlobInputTests {
    /// `archive/{2024-12,2025-01/a,2025-02/a,2025-02/.hidden}` with dumps named alike.
    static func archive() throws -> TemporaryFolder {
        let temporary = try TemporaryFolder()
        let fm = FileManager.default
        let copies = [
            ("Fixtures/baishan/bandwidth-3days.json", "archive/2025-01/a/dump.json"),
            ("Fixtures/baishan/bandwidth-3days.json.gz", "archive/2025-02/a/dump.json.gz"),
            ("Fixtures/swiftfederation/volume-day1.json", "archive/2025-02/day.json"),
            ("Fixtures/swiftfederation/volume-day2-overlapping.json", "archive/2024-12/day.json"),
            ("Fixtures/swiftfederation/volume-day1.json", "archive/2025-02/.hidden/day.json"),
        ]
        for (source, target) in copies {
            let url = temporary.file(target)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: TestPaths.root.appendingPathComponent(source), to: url)
        }
        return temporary
    }

    /// Every file below `folder`, relative, sorted.
    static func files(_ folder: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder), !isFolder.boolValue
            {
                found.append(path)
            }
        }
        return found.sorted()
    }

    @Test func aGlobMirrorsBelowItsFixedFolder() throws {
        let temporary = try Self.archive()
        let result = try CLIRunner.run(["archive/2025-*/**/dump.json*", "-o", "out/"], in: temporary.url)
        #expect(result.status == 0, "\(result.stderr)")
        // Both are named dump.*: as shell-expanded files they would collide in out/; the glob keeps
        // the folders below `archive`.
        #expect(Self.files(temporary.file("out")) == ["2025-01/a/dump.csv", "2025-02/a/dump.csv"])
        let golden = try String(
            contentsOf: TestPaths.root.appendingPathComponent("Fixtures/expected/baishan/bandwidth-3days.json.csv"),
            encoding: .utf8
        )
        #expect(try String(contentsOf: temporary.file("out/2025-02/a/dump.csv"), encoding: .utf8) == golden)
    }

    @Test func aGlobMatchingFoldersWalksThemAndSkipsHiddenNames() throws {
        let temporary = try Self.archive()
        let result = try CLIRunner.run(["archive/2025-*", "-o", "out/"], in: temporary.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.files(temporary.file("out")) == ["2025-01/a/dump.csv", "2025-02/a/dump.csv", "2025-02/day.csv"])
        let merged = try CLIRunner.run(["archive/*/day.json", "--merge", "-", "--no-progress"], in: temporary.url)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stderr.contains("converted 2, failed 0"), "\(merged.stderr)")
    }

    @Test func doubleStarAloneGivesEachFileOnceBelowTheRoot() throws {
        let temporary = try Self.archive()
        // `**` matches `archive` itself and every folder below: each file is still one input.
        let result = try CLIRunner.run(["archive/**", "-o", "out/"], in: temporary.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("converted 4, failed 0"), "\(result.stderr)")
        #expect(
            Self.files(temporary.file("out")) == ["2024-12/day.csv", "2025-01/a/dump.csv", "2025-02/a/dump.csv", "2025-02/day.csv"]
        )
        let validated = try CLIRunner.run(["validate", "archive/**"], in: temporary.url)
        #expect(validated.stderr.contains("validated 4 files"), "\(validated.stderr)")
    }

    @Test func aTrailingSlashMatchesFoldersOnly() throws {
        let temporary = try Self.archive()
        let result = try CLIRunner.run(["archive/2025-02/*/", "-o", "out/"], in: temporary.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.files(temporary.file("out")) == ["a/dump.csv"])
    }

    @Test func aGlobWithDotDotAfterAWildcardNeverWritesOutsideTheFolder() throws {
        let temporary = try Self.archive()
        let result = try CLIRunner.run(["archive/2025-0*/../2025-02/day.json", "-o", "out/"], in: temporary.url)
        #expect(result.status == 65)
        #expect(result.stderr.contains("its output would be outside out/"), "\(result.stderr)")
        #expect(Self.files(temporary.url).allSatisfy { !$0.hasPrefix("out") && !$0.hasPrefix("2025-02/day.csv") })
    }

    @Test func aGlobThatMatchesNothingFailsLikeAMissingFile() throws {
        let temporary = try Self.archive()
        let result = try CLIRunner.run(["archive/2026-*/*.json", "--to", "csv"], in: temporary.url)
        #expect(result.status == 66)
        #expect(
            result.stderr.contains("archive/2026-*/*.json: cannot open: no such file or directory (and no file matches it as a pattern)"),
            "\(result.stderr)"
        )
    }

    @Test func validateAndStatsExpandGlobsToo() throws {
        let temporary = try Self.archive()
        let validated = try CLIRunner.run(["validate", "archive/**/*.json"], in: temporary.url)
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(validated.stderr.contains("validated 3 files: 3 valid"), "\(validated.stderr)")
        let stats = try CLIRunner.run(["stats", "archive/2025-0[1]/a/*"], in: temporary.url)
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.stdout.contains("baishan"))
    }

    @Test func anExistingNameWithBracketsIsAFileNotAPattern() throws {
        let temporary = try Self.archive()
        try FileManager.default.copyItem(
            at: TestPaths.root.appendingPathComponent("Fixtures/swiftfederation/volume-day1.json"),
            to: temporary.file("day[1].json")
        )
        let result = try CLIRunner.run(["day[1].json", "--to", "csv"], in: temporary.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("time,source"))
        try FileManager.default.copyItem(at: temporary.file("day[1].json"), to: temporary.file("we*ird.json"))
        let escaped = try CLIRunner.run([#"we\*ird.json"#, "--to", "csv"], in: temporary.url)
        #expect(escaped.status == 0, "\(escaped.stderr)")
        #expect(escaped.stdout == result.stdout)
    }

    @Test func patternsSplitIntoAFixedRootAndMatchedComponents() {
        #expect(GlobPattern("archive/2025-*/**/*.json").root == "archive")
        #expect(GlobPattern("*.json").root == ".")
        #expect(GlobPattern("/data/x/*.json").root == "/data/x")
        #expect(GlobPattern("/*.json").root == "/")
        #expect(GlobPattern("archive/2025-*/a").relative("archive/2025-01/a") == "2025-01/a")
        #expect(GlobPattern.isPattern("a/*.json"))
        #expect(GlobPattern.isPattern("a/dump[12].json"))
        // An escape is pattern syntax too: `dump\*.json` names the file `dump*.json`.
        #expect(GlobPattern.isPattern(#"a/dump\*.json"#))
        #expect(!GlobPattern.isPattern("a/b.json"))
    }
}
