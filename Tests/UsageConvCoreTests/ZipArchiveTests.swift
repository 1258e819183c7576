import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// Whether python3 with `zipfile` and `zlib` is here.
private enum ZipPython {
    /// True when the archives can be made.
    static let available = PythonProbe.succeeds("import zipfile, zlib, struct, bz2")
}

/// `ZipArchive`: central directory parsing (ZIP64 too), safe names, and bounded, checked inflation.
///
/// Archives are written by Python's `zipfile` (an independent implementation) and patched with
/// `struct` where it cannot write what a hostile or unusual archive holds.
@Suite(.enabled(if: TestTools.shouldRun(ZipPython.available), "needs python3 with zipfile to make ZIP archives"))
struct ZipArchiveTests {
    /// About 200 KB of text that does not compress to nothing.
    static let text = (0..<6000).map { "line \($0): \($0 * 7919 % 10007)\n" }.joined()

    /// `text`, as a Python expression.
    static let pythonText = "''.join(f'line {i}: {i * 7919 % 10007}\\n' for i in range(6000))"

    /// Python run before every script: `path` (the archive to write) and `patch(name, field, value)`,
    /// which rewrites one field of an entry in both its local header and its central directory entry.
    static let prelude = """
        import zipfile, struct, sys, zlib
        path = sys.argv[1]
        FIELDS = {'flags': (6, 8, '<H'), 'method': (8, 10, '<H'), 'crc': (14, 16, '<I'),
                  'csize': (18, 20, '<I'), 'usize': (22, 24, '<I')}
        def patch(name, field, value, local=True):
            with zipfile.ZipFile(path) as zf:
                lo = zf.getinfo(name).header_offset
                pos = zf.start_dir
            data = bytearray(open(path, 'rb').read())
            while struct.unpack('<I', data[pos + 42:pos + 46])[0] != lo:
                n, e, c = struct.unpack('<HHH', data[pos + 28:pos + 34])
                pos += 46 + n + e + c
            lofs, cofs, fmt = FIELDS[field]
            if local:
                struct.pack_into(fmt, data, lo + lofs, value)
            struct.pack_into(fmt, data, pos + cofs, value)
            open(path, 'wb').write(data)
        def replace(old, new):
            data = open(path, 'rb').read()
            assert old in data
            open(path, 'wb').write(data.replace(old, new))

        """

    /// Writes an archive with `script` (after `prelude`) to a fresh temporary path and returns the path.
    static func makeZip(_ script: String) throws -> String {
        let path = NSTemporaryDirectory() + "usageconv-zip-\(UUID().uuidString).zip"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", prelude + script, path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw GzipMakerError.pythonFailed(process.terminationStatus) }
        return path
    }

    /// Writes `bytes` to a fresh temporary path.
    static func write(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "usageconv-zip-\(UUID().uuidString).zip"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The file's bytes.
    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Removes a temporary archive.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Everything `source` serves, read `bufferSize` bytes at a time.
    static func readAll(_ source: any ByteSource, bufferSize: Int = 4096) throws -> [UInt8] {
        var all: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: bufferSize)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { return all }
            all += buffer[..<n]
        }
    }

    /// The diagnostic `body` throws, or `nil`.
    static func diagnostic(_ body: () throws -> Void) -> Diagnostic? {
        do {
            try body()
            return nil
        } catch {
            return error as? Diagnostic
        }
    }

    /// The entry named `name`.
    static func entry(_ archive: ZipArchive, _ name: String) throws -> ZipEntry {
        try #require(archive.entries.first { $0.name == name })
    }

    @Test func storedAndDeflatedEntriesRoundTrip() throws {
        let path = try Self.makeZip(
            """
            text = \(Self.pythonText)
            with zipfile.ZipFile(path, 'w') as zf:
                zf.writestr('a.json', b'{"a": 1}', compress_type=zipfile.ZIP_STORED)
                zf.writestr('dir/b.txt', text.encode(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
                zf.writestr('empty.txt', b'', compress_type=zipfile.ZIP_DEFLATED)
                zf.writestr('stored.txt', text.encode(), compress_type=zipfile.ZIP_STORED)
            """
        )
        defer { Self.remove(path) }
        let archive = try ZipArchive(path: path)
        #expect(archive.entries.map(\.name) == ["a.json", "dir/b.txt", "empty.txt", "stored.txt"])
        #expect(archive.entries.map(\.method) == [0, 8, 8, 0])
        #expect(archive.entries.allSatisfy { !$0.isDirectory && !$0.isEncrypted && !$0.isUnsafe })
        let b = try Self.entry(archive, "dir/b.txt")
        #expect(b.uncompressedSize == UInt64(Self.text.utf8.count))
        #expect(b.compressedSize < b.uncompressedSize / 2)
        #expect(try Self.readAll(archive.open(Self.entry(archive, "a.json"))) == Array(#"{"a": 1}"#.utf8))
        for name in ["dir/b.txt", "stored.txt"] {
            let entry = try Self.entry(archive, name)
            #expect(try archive.open(entry).sizeHint == Int64(Self.text.utf8.count))
            #expect(try Self.readAll(archive.open(entry)) == Array(Self.text.utf8))
            // Odd output sizes across chunk boundaries, and one byte at a time for a stretch.
            #expect(try Self.readAll(archive.open(entry), bufferSize: 13) == Array(Self.text.utf8))
            #expect(try archive.open(entry).readBytes(upTo: 1 << 20) == Array(Self.text.utf8))
        }
        #expect(try Self.readAll(archive.open(Self.entry(archive, "empty.txt"))).isEmpty)
        // Two sources of one archive read interleaved: each has its own position.
        let first = try archive.open(b)
        let second = try archive.open(b)
        #expect(try first.readBytes(upTo: 10) == Array(Self.text.utf8.prefix(10)))
        #expect(try second.readBytes(upTo: 20) == Array(Self.text.utf8.prefix(20)))
        #expect(try first.readBytes(upTo: 10) == Array(Self.text.utf8.dropFirst(10).prefix(10)))
    }

    @Test func streamedEntriesWithDataDescriptorsAreRead() throws {
        // Written to an unseekable file, zipfile sets bit 3 and leaves the local header's sizes at 0:
        // only the central directory has them.
        let path = try Self.makeZip(
            """
            import io
            class Unseekable(io.RawIOBase):
                def __init__(self, f): self.f = f
                def writable(self): return True
                def seekable(self): return False
                def write(self, b): return self.f.write(b)
            with open(path, 'wb') as f, zipfile.ZipFile(Unseekable(f), 'w', zipfile.ZIP_DEFLATED) as zf:
                with zf.open('s.txt', 'w') as e:
                    e.write((\(Self.pythonText)).encode())
                zf.writestr('t.txt', b'tail')
            with zipfile.ZipFile(path) as zf:
                assert zf.getinfo('s.txt').flag_bits & 8
            """
        )
        defer { Self.remove(path) }
        let archive = try ZipArchive(path: path)
        #expect(archive.entries.map(\.name) == ["s.txt", "t.txt"])
        #expect(try Self.readAll(archive.open(archive.entries[0])) == Array(Self.text.utf8))
        #expect(try Self.readAll(archive.open(archive.entries[1])) == Array("tail".utf8))
    }

    @Test func directoriesAreListedAndFlagged() throws {
        let path = try Self.makeZip(
            """
            with zipfile.ZipFile(path, 'w') as zf:
                zf.writestr('logs/', b'')
                zf.writestr('logs/day1.json', b'[]')
                zf.writestr(zipfile.ZipInfo('win\\\\sub\\\\'), b'')
            """
        )
        defer { Self.remove(path) }
        let archive = try ZipArchive(path: path)
        #expect(archive.entries.map(\.name) == ["logs", "logs/day1.json", "win/sub"])
        #expect(archive.entries.map(\.isDirectory) == [true, false, true])
        let error = Self.diagnostic { _ = try archive.open(archive.entries[0]) }
        #expect(error?.code == .unreadableInput)
        #expect(error?.message.contains("is a folder") == true)
    }

    @Test func namesAreDecodedAsUTF8OrCodePage437() throws {
        let path = try Self.makeZip(
            """
            with zipfile.ZipFile(path, 'w') as zf:
                zf.writestr('données/été.json', b'1')
                zf.writestr('xAB.json', b'2')
                zf.writestr('plain.json', b'3')
            replace(b'xAB.json', b'x\\x82\\xe9.json')
            with zipfile.ZipFile(path) as zf:
                assert [i.filename for i in zf.infolist()][1] == 'x\\u00e9\\u0398.json'
            """
        )
        defer { Self.remove(path) }
        let archive = try ZipArchive(path: path)
        #expect(archive.entries.map(\.name) == ["données/été.json", "xéΘ.json", "plain.json"])
        #expect(archive.entries[0].rawName == Array("données/été.json".utf8))
        #expect(archive.entries[1].rawName == [0x78, 0x82, 0xE9] + Array(".json".utf8))
        #expect(try Self.readAll(archive.open(archive.entries[1])) == Array("2".utf8))
    }

    @Test func flaggedUTF8NamesThatAreNotUTF8KeepTheirBytes() throws {
        // Bit 11 says UTF-8 but the bytes are not: the name keeps them (see `FileName`), so the
        // mirrored output has the same bytes instead of U+FFFD.
        let path = try Self.makeZip(
            """
            with zipfile.ZipFile(path, 'w') as zf:
                zf.writestr('caf\\u00e9.json', b'1')
            replace('caf\\u00e9.json'.encode(), b'caf\\xff\\xfe.json')
            """
        )
        defer { Self.remove(path) }
        let archive = try ZipArchive(path: path)
        #expect(archive.entries.count == 1)
        #expect(FileName.bytes(archive.entries[0].name) == Array("caf".utf8) + [0xFF, 0xFE] + Array(".json".utf8))
        #expect(FileName.display(archive.entries[0].name) == #"caf\xFF\xFE.json"#)
    }

    @Test func traversalNamesAreRefusedAndOthersSanitised() throws {
        let path = try Self.makeZip(
            """
            names = ['../evil', '/abs', 'C:\\\\x', 'a/../../b', './a/./b', 'a\\\\b\\\\c', '.', 'n0l.json', '//srv/share/f',
                     'ok/..', '..\\\\win', 'd:/x/y', '../\\u0301x', '/\\u0301y']
            with zipfile.ZipFile(path, 'w') as zf:
                for n in names:
                    zf.writestr(zipfile.ZipInfo(n), b'data')
            replace(b'n0l.json', b'n\\x00l.json')
            """
        )
        defer { Self.remove(path) }
        let archive = try ZipArchive(path: path)
        let expected: [(name: String, refused: Bool)] = [
            ("", true), ("abs", false), ("x", false), ("", true), ("a/b", false), ("a/b/c", false), ("", true), ("", true),
            ("srv/share/f", false), ("", true), ("", true), ("x/y", false),
            // A combining mark after `/` makes them one character: the split is by scalars.
            ("", true), ("\u{301}y", false),
        ]
        #expect(archive.entries.count == expected.count)
        for (entry, want) in zip(archive.entries, expected) {
            #expect(entry.name == want.name, "\(entry.displayName)")
            #expect(entry.isUnsafe == want.refused, "\(entry.displayName)")
            // Whatever the archive says, joining `name` to a folder stays inside it.
            #expect(!entry.name.hasPrefix("/") && !entry.name.contains("\\") && !entry.name.contains("\0"))
            #expect(!PathText.components(entry.name).contains(".."))
            if entry.isUnsafe {
                let error = Self.diagnostic { _ = try archive.open(entry) }
                #expect(error?.code == .unreadableInput)
                #expect(error?.message.contains("is refused") == true, "\(String(describing: error))")
            } else {
                #expect(try Self.readAll(archive.open(entry)) == Array("data".utf8))
            }
        }
        #expect(archive.entries[0].displayName == "../evil")
        #expect(archive.entries[0].unsafeReason?.contains("'..'") == true)
        #expect(archive.entries[7].unsafeReason?.contains("NUL") == true)
    }

    @Test func encryptedEntriesAreListedAndRefusedNeverSkipped() throws {
        let path = try Self.makeZip(
            """
            with zipfile.ZipFile(path, 'w') as zf:
                zf.writestr('before.json', b'1', compress_type=zipfile.ZIP_DEFLATED)
                zf.writestr('secret.json', b'{"k": 2}', compress_type=zipfile.ZIP_DEFLATED)
                zf.writestr('after.json', b'3', compress_type=zipfile.ZIP_DEFLATED)
            patch('secret.json', 'flags', 1)
            """
        )
        defer { Self.remove(path) }
        let archive = try ZipArchive(path: path)
        #expect(archive.entries.map(\.name) == ["before.json", "secret.json", "after.json"])
        #expect(archive.entries.map(\.isEncrypted) == [false, true, false])
        let error = Self.diagnostic { _ = try archive.open(archive.entries[1]) }
        #expect(error?.code == .unreadableInput)
        #expect(error?.message == "entry 'secret.json' is encrypted: usageconv cannot read it")
        #expect(error?.location?.entry == "secret.json")
        #expect(try Self.readAll(archive.open(archive.entries[2])) == Array("3".utf8))
    }

    @Test func unsupportedMethodsAreNamed() throws {
        let path = try Self.makeZip(
            """
            with zipfile.ZipFile(path, 'w') as zf:
                zf.writestr('b.json', b'[1, 2, 3]' * 100, compress_type=zipfile.ZIP_BZIP2)
            """
        )
        defer { Self.remove(path) }
        let archive = try ZipArchive(path: path)
        #expect(archive.entries.first?.method == 12)
        let error = Self.diagnostic { _ = try archive.open(archive.entries[0]) }
        #expect(error?.code == .unreadableInput)
        #expect(error?.message.contains("compression method 12 (bzip2)") == true)
    }

    @Test func aLyingDeclaredSizeStopsAtTheDeclaredBytes() throws {
        // 8 MiB of zeros whose headers claim 100 bytes.
        let path = try Self.makeZip(
            """
            with zipfile.ZipFile(path, 'w') as zf:
                zf.writestr('liar.json', bytes(8 << 20), compress_type=zipfile.ZIP_DEFLATED)
            patch('liar.json', 'usize', 100)
            """
        )
        defer { Self.remove(path) }
        let archive = try ZipArchive(path: path)
        let entry = try #require(archive.entries.first)
        #expect(entry.uncompressedSize == 100)
        let source = try archive.open(entry)
        var served = 0
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        let error = Self.diagnostic {
            while true {
                let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { break }
                served += n
            }
        }
        #expect(served == 100)
        #expect(error?.code == .malformedInput)
        #expect(error?.message.contains("entry 'liar.json' inflates beyond its declared 100 bytes") == true)
        // readBytes with a generous limit takes no more than the declared size either.
        #expect(Self.diagnostic { _ = try archive.open(entry).readBytes(upTo: 1 << 30) }?.code == .malformedInput)
    }

    @Test func fewerBytesThanDeclaredIsATruncation() throws {
        let path = try Self.makeZip(
            """
            with zipfile.ZipFile(path, 'w') as zf:
                zf.writestr('short.txt', b'abc' * 1000, compress_type=zipfile.ZIP_DEFLATED)
            patch('short.txt', 'usize', 5000)
            """
        )
        defer { Self.remove(path) }
        let archive = try ZipArchive(path: path)
        let error = Self.diagnostic { _ = try Self.readAll(archive.open(archive.entries[0])) }
        #expect(error?.code == .truncatedInput)
        #expect(error?.message.contains("ends after 3000 of its declared 5000 bytes") == true, "\(String(describing: error))")
    }

    @Test func anImplausibleDeclaredSizeIsNoSizeHint() throws {
        // 8 MiB of zeros (about 8 KB compressed) claiming 200 MiB, let through by a loose ratio limit.
        let path = try Self.makeZip(
            """
            with zipfile.ZipFile(path, 'w') as zf:
                zf.writestr('big.json', bytes(8 << 20), compress_type=zipfile.ZIP_DEFLATED)
            patch('big.json', 'usize', 200 << 20)
            """
        )
        defer { Self.remove(path) }
        var limits = ZipLimits()
        limits.maxRatio = 100_000
        let archive = try ZipArchive(path: path, limits: limits)
        let source = try archive.open(archive.entries[0])
        // Readers reserve by the hint: a lying header must not make them reserve 200 MiB.
        #expect(source.sizeHint == nil)
        let error = Self.diagnostic { _ = try Self.readAll(source, bufferSize: 1 << 16) }
        #expect(error?.code == .truncatedInput)
        #expect(error?.message.contains("ends after 8388608 of its declared 209715200 bytes") == true, "\(String(describing: error))")
    }

    @Test func zipBombsAreRefusedBeforeInflating() throws {
        // 64 MiB of zeros deflate to about 64 KB: a ratio of about 1029:1, declared honestly.
        let path = try Self.makeZip(
            """
            with zipfile.ZipFile(path, 'w') as zf:
                zf.writestr('bomb.json', bytes(64 << 20), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
                zf.writestr('text.txt', (\(Self.pythonText)).encode(), compress_type=zipfile.ZIP_DEFLATED)
            """
        )
        defer { Self.remove(path) }
        let archive = try ZipArchive(path: path)
        let bomb = archive.entries[0]
        #expect(bomb.uncompressedSize == 64 << 20)
        let error = Self.diagnostic { _ = try archive.open(bomb) }
        #expect(error?.code == .sizeLimit)
        #expect(error?.message.contains("more than 1000:1: refused as a zip bomb") == true, "\(String(describing: error))")
        // A looser ratio lets it through; the entry size limit still applies.
        var loose = ZipLimits()
        loose.maxRatio = 2000
        #expect(try ZipArchive(path: path, limits: loose).open(bomb).readBytes(upTo: 16).count == 16)
        loose.maxEntrySize = 32 << 20
        let sized = Self.diagnostic { _ = try ZipArchive(path: path, limits: loose).open(bomb) }
        #expect(sized?.code == .sizeLimit)
        #expect(sized?.message.contains("more than the 32 MiB allowed per entry") == true, "\(String(describing: sized))")
        // Small entries are never judged by their ratio, but a tight ratio applies above 1 MiB.
        var strict = ZipLimits()
        strict.maxRatio = 2
        #expect(try Self.readAll(ZipArchive(path: path, limits: strict).open(archive.entries[1])).count == Self.text.utf8.count)
    }

    @Test func overlappingEntriesAreRefused() throws {
        // Entry a's data claims to run into entry b's local header: the shape of a non-recursive zip bomb.
        let path = try Self.makeZip(
            """
            with zipfile.ZipFile(path, 'w') as zf:
                zf.writestr('a.txt', b'a' * 100, compress_type=zipfile.ZIP_STORED)
                zf.writestr('b.txt', b'b' * 100, compress_type=zipfile.ZIP_STORED)
            patch('a.txt', 'csize', 140, local=False)
            patch('a.txt', 'usize', 140, local=False)
            """
        )
        defer { Self.remove(path) }
        let error = Self.diagnostic { _ = try ZipArchive(path: path) }
        #expect(error?.code == .malformedInput)
        #expect(error?.message.contains("entry 'a.txt' overlaps entry 'b.txt'") == true, "\(String(describing: error))")
    }

    @Test func crcMismatchIsAnErrorAtTheEnd() throws {
        let path = try Self.makeZip(
            """
            with zipfile.ZipFile(path, 'w') as zf:
                zf.writestr('d.txt', b'hello ' * 1000, compress_type=zipfile.ZIP_DEFLATED)
                zf.writestr('s.txt', b'hello ' * 1000, compress_type=zipfile.ZIP_STORED)
            patch('d.txt', 'crc', 0x0badf00d)
            patch('s.txt', 'crc', 0x0badf00d)
            """
        )
        defer { Self.remove(path) }
        let archive = try ZipArchive(path: path)
        for entry in archive.entries {
            let error = Self.diagnostic { _ = try Self.readAll(archive.open(entry)) }
            #expect(error?.code == .malformedInput)
            #expect(error?.message.contains("fails its CRC-32 check: expected 0x0badf00d") == true, "\(String(describing: error))")
        }
    }

    @Test func truncatedAndGarbageArchivesAreMalformed() throws {
        let path = try Self.makeZip(
            """
            with zipfile.ZipFile(path, 'w') as zf:
                for i in range(20):
                    zf.writestr(f'e{i}.json', (f'{{"i": {i}}}' * 300).encode(), compress_type=zipfile.ZIP_DEFLATED)
            """
        )
        defer { Self.remove(path) }
        let whole = try Self.bytes(path)
        #expect(try ZipArchive(path: path).entries.count == 20)
        var garbage = SystemRandomNumberGenerator()
        let cases: [(String, [UInt8])] = [
            ("cut in the middle", Array(whole[..<(whole.count / 2)])),
            ("cut before the end record", Array(whole[..<(whole.count - 10)])),
            ("middle removed", Array(whole[..<(whole.count / 3)] + whole[(whole.count * 2 / 3)...])),
            ("garbage", (0..<5000).map { _ in UInt8.random(in: 0...255, using: &garbage) }),
            ("empty file", []),
            ("end record alone, pointing outside", [0x50, 0x4B, 5, 6, 0, 0, 0, 0, 1, 0, 1, 0, 46, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0]),
        ]
        for (label, bytes) in cases {
            let cut = try Self.write(bytes)
            defer { Self.remove(cut) }
            let error = Self.diagnostic { _ = try ZipArchive(path: cut) }
            #expect(error?.code == .malformedInput, "\(label): \(String(describing: error))")
        }
    }

    @Test func everyDamagedByteGivesADiagnosticNeverACrash() throws {
        let path = try Self.makeZip(
            """
            zipfile.ZIP64_LIMIT = 10
            zipfile.ZIP_FILECOUNT_LIMIT = 1
            with zipfile.ZipFile(path, 'w') as zf:
                zf.writestr('a.json', b'{"a": 1}' * 50, compress_type=zipfile.ZIP_DEFLATED)
                zf.writestr('b.json', b'[2]', compress_type=zipfile.ZIP_STORED)
            """
        )
        defer { Self.remove(path) }
        let whole = try Self.bytes(path)
        var outcomes: [String: Int] = [:]
        // Every byte of the archive set to 0xFF, then to 0x00: open, list and read whatever is readable.
        for index in whole.indices {
            for value: UInt8 in [0xFF, 0x00] where whole[index] != value {
                var damaged = whole
                damaged[index] = value
                let file = try Self.write(damaged)
                defer { Self.remove(file) }
                do {
                    let archive = try ZipArchive(path: file)
                    for entry in archive.entries {
                        do {
                            _ = try Self.readAll(archive.open(entry), bufferSize: 1 << 16)
                            outcomes["read", default: 0] += 1
                        } catch let error as Diagnostic {
                            outcomes[error.code.rawValue, default: 0] += 1
                        }
                    }
                } catch let error as Diagnostic {
                    outcomes[error.code.rawValue, default: 0] += 1
                }
            }
        }
        #expect((outcomes["malformedInput"] ?? 0) > 100)
    }

    @Test func zip64ArchivesAreRead() throws {
        // Python writes ZIP64 fields only past 4 GiB: lower its limits so a small archive uses them all
        // (ZIP64 extra fields for sizes and offsets, the ZIP64 end record and its locator).
        let path = try Self.makeZip(
            """
            zipfile.ZIP64_LIMIT = 10
            zipfile.ZIP_FILECOUNT_LIMIT = 1
            with zipfile.ZipFile(path, 'w') as zf:
                zf.writestr('a.txt', b'hello world ' * 100, compress_type=zipfile.ZIP_DEFLATED)
                with zf.open('b.txt', 'w', force_zip64=True) as f:
                    f.write(b'x' * 50)
                zf.writestr('c.txt', (\(Self.pythonText)).encode(), compress_type=zipfile.ZIP_DEFLATED)
            """
        )
        defer { Self.remove(path) }
        let bytes = try Self.bytes(path)
        #expect(bytes.indices.dropLast(3).contains { Array(bytes[$0..<($0 + 4)]) == [0x50, 0x4B, 6, 6] })
        let archive = try ZipArchive(path: path)
        #expect(archive.entries.map(\.name) == ["a.txt", "b.txt", "c.txt"])
        #expect(archive.entries.map(\.uncompressedSize) == [1200, 50, UInt64(Self.text.utf8.count)])
        #expect(archive.entries[1].localHeaderOffset > 0)
        #expect(try Self.readAll(archive.open(archive.entries[0])) == Array(String(repeating: "hello world ", count: 100).utf8))
        #expect(try Self.readAll(archive.open(archive.entries[1])) == [UInt8](repeating: 0x78, count: 50))
        #expect(try Self.readAll(archive.open(archive.entries[2])) == Array(Self.text.utf8))
    }

    @Test func emptyArchiveHasNoEntries() throws {
        let path = try Self.makeZip("zipfile.ZipFile(path, 'w').close()")
        defer { Self.remove(path) }
        let bytes = try Self.bytes(path)
        #expect(bytes.count == 22)
        #expect(ZipArchive.isZip(bytes))
        #expect(try ZipArchive(path: path).entries.isEmpty)
    }

    @Test func magicIsRecognised() {
        #expect(ZipArchive.isZip([0x50, 0x4B, 3, 4, 20, 0]))
        #expect(ZipArchive.isZip([0x50, 0x4B, 5, 6]))
        #expect(!ZipArchive.isZip([0x50, 0x4B, 3]))
        #expect(!ZipArchive.isZip(Array("PK\u{1}\u{2}".utf8)))
        #expect(!ZipArchive.isZip([0x1F, 0x8B, 8, 0]))
        #expect(!ZipArchive.isZip([UInt8]()))
    }

    @Test func tenThousandEntriesListInOrder() throws {
        let path = try Self.makeZip(
            """
            with zipfile.ZipFile(path, 'w') as zf:
                for i in range(10000):
                    zf.writestr(f'day/{i:05}.json', b'[]')
            """
        )
        defer { Self.remove(path) }
        // No timing assertion (the machine's load decides time); the listing must be complete and ordered.
        let entries = try ZipArchive(path: path).entries
        #expect(entries.count == 10_000)
        #expect(entries.last?.name == "day/09999.json")
        var limits = ZipLimits()
        limits.maxEntries = 9_999
        let error = Self.diagnostic { _ = try ZipArchive(path: path, limits: limits) }
        #expect(error?.code == .sizeLimit)
    }

    @Test func missingFilesAreUnreadable() {
        let error = Self.diagnostic { _ = try ZipArchive(path: "/nonexistent/usageconv.zip") }
        #expect(error?.code == .unreadableInput)
    }
}
