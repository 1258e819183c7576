import Foundation
import Glibc
import Testing
import UsageConvTestSupport

/// File names that are not UTF-8 (Latin-1 names from old archives): found, opened, mirrored and
/// reported by their bytes, never replaced with U+FFFD.
struct NonUTF8NameTests {
    /// Runs a shell script with `$1` = the binary and `$2` = the folder; file names with raw bytes
    /// can only be spelled there (`Process` takes Swift strings).
    static func shell(_ script: String, in folder: URL) throws -> CLIResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh", CLIRunner.executable.path, folder.path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }

    /// The raw names in a folder, as `readdir` gives them.
    static func rawNames(in path: String) -> [[UInt8]] {
        guard let handle = opendir(path) else { return [] }
        defer { closedir(handle) }
        var names: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != Array(".".utf8) && name != Array("..".utf8) { names.append(name) }
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// A folder `archive/` holding `sub/caf\xE9.json` (Latin-1 é) with a Baishan dump in it.
    static func archive() throws -> TemporaryFolder {
        let temporary = try TemporaryFolder()
        let fixture = TestPaths.root.appendingPathComponent("Fixtures/baishan/bandwidth-3days.json").path
        let made = try shell(#"mkdir -p "$2/archive/sub" && cp "\#(fixture)" "$2/archive/sub/$(printf 'caf\351').json""#, in: temporary.url)
        #expect(made.status == 0, "\(made.stderr)")
        return temporary
    }

    /// Removes what Foundation's cleanup may not manage (it cannot name these files).
    static func remove(_ temporary: TemporaryFolder) {
        _ = try? shell(#"rm -rf "$2""#, in: temporary.url)
    }

    @Test func aFolderWithALatin1NameIsMirroredByItsBytes() throws {
        let temporary = try Self.archive()
        defer { Self.remove(temporary) }
        let result = try Self.shell(#""$1" "$2/archive" -o "$2/out/" --report "$2/report.json""#, in: temporary.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("converted 1, failed 0"), "\(result.stderr)")
        #expect(Self.rawNames(in: temporary.file("out/sub").path) == [Array("caf".utf8) + [0xE9] + Array(".csv".utf8)])
        let golden = try String(
            contentsOf: TestPaths.root.appendingPathComponent("Fixtures/expected/baishan/bandwidth-3days.json.csv"),
            encoding: .utf8
        )
        let written = try Self.shell(#"cat "$2/out/sub/$(printf 'caf\351').csv""#, in: temporary.url)
        #expect(written.stdout == golden)
        let report = try String(contentsOf: temporary.file("report.json"), encoding: .utf8)
        #expect(report.contains(#"archive/sub/caf\\xE9.json"#), "\(report)")
    }

    @Test func namesAreComparedByBytesNotByCharacters() throws {
        // café in NFC and in NFD are equal Swift strings but two files; a name starting with a
        // combining mark makes one character of the `/` before it. Each keeps its own output.
        let temporary = try TemporaryFolder()
        defer { Self.remove(temporary) }
        let fixture = TestPaths.root.appendingPathComponent("Fixtures/baishan/bandwidth-3days.json").path
        let made = try Self.shell(
            #"mkdir -p "$2/in/d" && for n in 'caf\303\251' 'cafe\314\201' '\314\201x' 'd/\314\201y'; do cp "\#(fixture)" "$2/in/$(printf "$n").json"; done"#,
            in: temporary.url
        )
        #expect(made.status == 0, "\(made.stderr)")
        let result = try Self.shell(#""$1" "$2/in" -o "$2/out/""#, in: temporary.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("converted 4, failed 0"), "\(result.stderr)")
        let names = Self.rawNames(in: temporary.file("out").path)
        #expect(
            names
                == [
                    Array("caf".utf8) + [0xC3, 0xA9] + Array(".csv".utf8), Array("cafe".utf8) + [0xCC, 0x81] + Array(".csv".utf8),
                    Array("d".utf8), [0xCC, 0x81] + Array("x.csv".utf8),
                ].sorted { $0.lexicographicallyPrecedes($1) }
        )
        #expect(Self.rawNames(in: temporary.file("out/d").path) == [[0xCC, 0x81] + Array("y.csv".utf8)])
        let globbed = try Self.shell(#"cd "$2" && "$1" 'in/*.json' -o globbed/"#, in: temporary.url)
        #expect(globbed.status == 0, "\(globbed.stderr)")
        #expect(Self.rawNames(in: temporary.file("globbed").path).count == 3)
    }

    @Test func aLatin1NameOnTheCommandLineOpens() throws {
        let temporary = try Self.archive()
        defer { Self.remove(temporary) }
        let result = try Self.shell(#""$1" "$2/archive/sub/$(printf 'caf\351').json" --to csv"#, in: temporary.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("time,source,resource"))
        let missing = try Self.shell(#""$1" "$2/archive/sub/$(printf 'caf\351')-gone.json" --to csv"#, in: temporary.url)
        #expect(missing.status == 66)
        // The bytes that are not UTF-8 are shown as \xNN, not as U+FFFD.
        #expect(missing.stderr.contains(#"archive/sub/caf\xE9-gone.json: cannot open: no such file or directory"#), "\(missing.stderr)")
    }

    @Test func aLatin1NameInAFileListOpens() throws {
        let temporary = try Self.archive()
        defer { Self.remove(temporary) }
        let result = try Self.shell(#"find "$2/archive" -type f -print0 | "$1" --files-from - -0 --merge "$2/all.csv""#, in: temporary.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("converted 1, failed 0"), "\(result.stderr)")
        let validated = try Self.shell(#""$1" validate "$2/archive""#, in: temporary.url)
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(validated.stderr.contains("validated 1 file: 1 valid, 0 invalid"), "\(validated.stderr)")
    }
}
