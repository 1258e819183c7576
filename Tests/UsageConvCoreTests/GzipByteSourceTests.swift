import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// `GzipByteSource`: streaming inflation through zlib, every member, and no silent partial data.
@Suite(.enabled(if: TestTools.shouldRun(GzipMaker.available), "needs python3 to make gzip bytes"))
struct GzipByteSourceTests {
    /// About 200 KB of text that does not compress to nothing.
    static let text: [UInt8] = Array((0..<6000).map { "line \($0): \($0 * 7919 % 10007)\n" }.joined().utf8)

    /// Reads everything through `GzipByteSource` with reads of `bufferSize` bytes.
    static func inflate(
        _ gz: [UInt8],
        chunkLimit: Int = .max,
        bufferSize: Int = 4096,
        limit: Int64 = GzipByteSource.defaultLimit
    ) throws
        -> [UInt8]
    {
        let source = try GzipByteSource(MemoryByteSource(gz, chunkLimit: chunkLimit), limit: limit)
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

    @Test func inflatesAcrossChunkBoundariesWithUnknownSize() throws {
        let gz = try GzipMaker.gzip(Self.text)
        #expect(try Self.inflate(gz) == Self.text)
        // Compressed bytes arriving 7 at a time, output taken 13 bytes at a time.
        #expect(try Self.inflate(gz, chunkLimit: 7, bufferSize: 13) == Self.text)
        #expect(try GzipByteSource(MemoryByteSource(gz)).sizeHint == nil)
    }

    @Test func readsEveryMemberOfAConcatenation() throws {
        let a = Array(Self.text[..<1000])
        let b = Array(Self.text[1000...])
        let empty = try GzipMaker.gzip([])
        // `cat a.gz empty.gz b.gz`: all members, in order, the empty one contributing nothing.
        let joined = try GzipMaker.gzip(a) + empty + GzipMaker.gzip(b, level: 1)
        #expect(try Self.inflate(joined) == Self.text)
        #expect(try Self.inflate(joined, chunkLimit: 5, bufferSize: 7) == Self.text)
    }

    @Test func everyTruncationIsAnErrorNeverPartialData() throws {
        let gz = try GzipMaker.gzip(Array(Self.text[..<3000]))
        for length in 1..<gz.count {
            let found = Self.diagnostic { _ = try Self.inflate(Array(gz[..<length])) }
            #expect(found?.code == .truncatedInput, "cut at \(length): \(String(describing: found))")
            #expect(found?.message.contains("the .gz is truncated") == true)
        }
        // A second member cut short is as truncated as the first.
        let two = gz + gz
        #expect(Self.diagnostic { _ = try Self.inflate(Array(two.dropLast(3))) }?.code == .truncatedInput)
    }

    @Test func corruptDataIsMalformedWithItsCompressedOffset() throws {
        let gz = try GzipMaker.gzip(Self.text)
        // Byte 2 is the compression method (8, deflate): anything else is corrupt right there.
        var method = gz
        method[2] = 7
        let early = try #require(Self.diagnostic { _ = try Self.inflate(method) })
        #expect(early.code == .malformedInput)
        #expect(early.location?.offset.map { $0 <= 10 } == true, "\(early)")
        #expect(early.message.contains("at byte \(early.location?.offset ?? -1) of the compressed file"), "\(early.message)")
        // The CRC-32 in the trailer (last 8 bytes) catches damage the deflate stream itself cannot.
        var crc = gz
        crc[gz.count - 8] ^= 0xFF
        let late = try #require(Self.diagnostic { _ = try Self.inflate(crc) })
        #expect(late.code == .malformedInput && late.message.contains("incorrect data check"), "\(late)")
        // Garbage after a member is not a member.
        let trailing = try #require(Self.diagnostic { _ = try Self.inflate(gz + Array("junk".utf8)) })
        #expect(trailing.code == .malformedInput && trailing.location?.offset.map { $0 >= Int64(gz.count) } == true, "\(trailing)")
    }

    @Test func theLimitOnExpandedBytesIsExact() throws {
        let gz = try GzipMaker.gzip(Self.text)
        #expect(try Self.inflate(gz, limit: Int64(Self.text.count)) == Self.text)
        let over = try #require(Self.diagnostic { _ = try Self.inflate(gz, limit: Int64(Self.text.count) - 1) })
        #expect(over.code == .sizeLimit)
        #expect(over.message.contains("at most \(Self.text.count - 1) bytes"), "\(over.message)")
        let kib = try #require(Self.diagnostic { _ = try Self.inflate(gz, limit: 64 << 10) })
        #expect(kib.message.contains("at most 64 KiB"), "\(kib.message)")
        // Reading whole (validation): the same bound, on plain and inflated bytes, never a silent cut.
        #expect(try InputDecoding.readAll(MemoryByteSource(gz), limit: Int64(Self.text.count)) == Self.text)
        #expect(Self.diagnostic { _ = try InputDecoding.readAll(MemoryByteSource(gz), limit: 1000) }?.code == .sizeLimit)
        #expect(Self.diagnostic { _ = try InputDecoding.readAll(MemoryByteSource(Self.text), limit: 1000) }?.code == .sizeLimit)
    }

    @Test func aBombFailsOnItsRatioAfterTheFirstMebibyte() throws {
        let zeros = try GzipMaker.gzip([UInt8](repeating: 0, count: 64 << 20))
        #expect(zeros.count < 128 << 10)
        let source = try GzipByteSource(MemoryByteSource(zeros))
        var served = 0
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        let found = Self.diagnostic {
            while true {
                let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { return }
                served += n
            }
        }
        #expect(found?.code == .sizeLimit && found?.message.contains("1000:1") == true, "\(String(describing: found))")
        // Refused after about 1 MiB, not after inflating the 64 MiB.
        #expect(served <= 2 << 20, "served \(served) bytes before failing")
    }

    @Test func decodingSniffsTheInflatedBytes() throws {
        let plain = try TestPaths.fixture("baishan/bandwidth-3days.json")
        let expected = try InputDecoding.decode(source: MemoryByteSource(plain), format: nil, options: DecodeOptions())
        let gz = try GzipMaker.gzip(plain)
        let inflated = try InputDecoding.decode(source: MemoryByteSource(gz, chunkLimit: 100), format: nil, options: DecodeOptions())
        #expect(inflated.series == expected.series)
        // Forcing the decoder works on the inflated bytes too.
        let forced = try InputDecoding.decode(source: MemoryByteSource(gz), format: "baishan", options: DecodeOptions())
        #expect(forced.series == expected.series)
    }

    @Test func decodingErrorsSayTheDataWasCompressedAndNestingIsRefused() throws {
        let broken = try GzipMaker.gzip(Array(#"{"code":0,"data":[{"time":"#.utf8))
        let syntax = try #require(
            Self.diagnostic { _ = try InputDecoding.decode(source: MemoryByteSource(broken), format: nil, options: DecodeOptions()) }
        )
        #expect(syntax.message.hasSuffix("(in the gzip-compressed data)"), "\(syntax.message)")
        let nested = try GzipMaker.gzip(try GzipMaker.gzip(Self.text))
        let twice = try #require(
            Self.diagnostic { _ = try InputDecoding.decode(source: MemoryByteSource(nested), format: nil, options: DecodeOptions()) }
        )
        #expect(twice.message.contains("nested gzip"), "\(twice)")
        #expect(Self.diagnostic { _ = try InputDecoding.readAll(MemoryByteSource(nested)) }?.message.contains("nested gzip") == true)
        var small = DecodeOptions()
        small.maxExpandedSize = 1000
        let limited = try #require(
            Self.diagnostic {
                _ = try InputDecoding.decode(source: MemoryByteSource(try GzipMaker.gzip(Self.text)), format: nil, options: small)
            }
        )
        #expect(limited.code == .sizeLimit && limited.message.contains("1000 bytes"), "\(limited)")
    }
}
