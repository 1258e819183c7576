import UsageConvBytes
import UsageConvDiagnostics

/// Reads a ZIP archive's end-of-central-directory record (ZIP64 too) and its central directory,
/// checking every count, size and offset against the file before trusting it.
struct ZipDirectoryParser {
    /// The archive file.
    let reader: ZipFileReader
    /// The limits (`maxEntries` applies here).
    let limits: ZipLimits

    /// Where the central directory lies, and how many entries it holds.
    private struct Directory {
        var offset: UInt64
        var size: UInt64
        var count: UInt64
        /// The central directory must end by here (the ZIP64 record or the end record).
        var end: Int64
    }

    /// Every entry of the central directory, in order.
    func parse() throws(Diagnostic) -> [ZipEntry] {
        let directory = try locateDirectory()
        var entries: [ZipEntry] = []
        entries.reserveCapacity(Int(directory.count))
        var position = Int64(directory.offset)
        let end = Int64(directory.offset + directory.size)
        for index in 0..<directory.count {
            guard end - position >= 46 else {
                throw malformed(
                    "expected \(directory.count) central directory entries, found room for \(index) in its \(directory.size) bytes",
                    at: position
                )
            }
            let header = try reader.read(at: position, count: 46)
            guard header.u32(0) == 0x0201_4B50 else {
                throw malformed(
                    "expected central directory entry \(index + 1) (PK\\1\\2) at byte \(position), found other bytes",
                    at: position
                )
            }
            let variable = Int64(header.u16(28)) + Int64(header.u16(30)) + Int64(header.u16(32))
            guard end - position - 46 >= variable else {
                throw malformed("central directory entry \(index + 1) at byte \(position) runs past the end of the directory", at: position)
            }
            let tail = try reader.read(at: position + 46, count: Int(header.u16(28)) + Int(header.u16(30)))
            entries.append(try entry(header: header, tail: tail, at: position, directory: directory))
            position += 46 + variable
        }
        guard position == end else {
            throw malformed(
                "expected the central directory to end after its \(directory.count) declared entries, found \(end - position) more bytes",
                at: position
            )
        }
        try checkNoOverlap(entries)
        return entries
    }

    /// Entries must not share bytes: overlapping entries let a small archive inflate the same
    /// compressed data again and again (the "non-recursive zip bomb"), each within its own limits.
    private func checkNoOverlap(_ entries: [ZipEntry]) throws(Diagnostic) {
        let sorted = entries.sorted { $0.localHeaderOffset < $1.localHeaderOffset }
        for (current, next) in zip(sorted, sorted.dropFirst()) {
            // Offsets and sizes were checked to lie before the central directory: no overflow.
            let end = current.localHeaderOffset + 30 + current.compressedSize
            guard end <= next.localHeaderOffset else {
                throw malformed(
                    "entry \(zipQuoted(current.label)) overlaps entry \(zipQuoted(next.label)) (its data runs to byte \(end), "
                        + "the other starts at byte \(next.localHeaderOffset)): refused as a possible zip bomb",
                    at: Int64(current.localHeaderOffset)
                )
            }
        }
    }

    /// Finds the end record (in the last 64 KiB + 22 bytes) and, when present, the ZIP64 record.
    private func locateDirectory() throws(Diagnostic) -> Directory {
        let size = reader.size
        guard size >= 22 else {
            throw malformed("expected a ZIP archive, found \(size) bytes: too short for its end-of-central-directory record", at: nil)
        }
        let tailLength = Int(min(size, 65_535 + 22))
        let tailStart = size - Int64(tailLength)
        let tail = try reader.read(at: tailStart, count: tailLength)
        var found: Int?
        var index = tailLength - 22
        while index >= 0 {
            if tail[index] == 0x50, tail[index + 1] == 0x4B, tail[index + 2] == 5, tail[index + 3] == 6,
                index + 22 + Int(tail.u16(index + 20)) <= tailLength
            {
                found = index
                break
            }
            index -= 1
        }
        guard let record = found else {
            throw malformed(
                "expected a ZIP archive, found no end-of-central-directory record (PK\\5\\6) in its last 64 KiB: "
                    + "not a ZIP file, or truncated",
                at: nil
            )
        }
        let recordOffset = tailStart + Int64(record)
        var disk = UInt32(tail.u16(record + 4))
        var directoryDisk = UInt32(tail.u16(record + 6))
        var diskCount = UInt64(tail.u16(record + 8))
        var directory = Directory(
            offset: UInt64(tail.u32(record + 16)),
            size: UInt64(tail.u32(record + 12)),
            count: UInt64(tail.u16(record + 10)),
            end: recordOffset
        )
        var diskTotal: UInt32 = 1
        let locator = recordOffset >= 20 ? try reader.read(at: recordOffset - 20, count: 20) : []
        if locator.count == 20, locator.u32(0) == 0x0706_4B50 {
            let zip64Offset = locator.u64(8)
            guard recordOffset - 20 >= 56, zip64Offset <= UInt64(recordOffset - 20 - 56) else {
                throw malformed("the ZIP64 end record is said to be at byte \(zip64Offset), outside the archive", at: recordOffset - 20)
            }
            let zip64 = try reader.read(at: Int64(zip64Offset), count: 56)
            guard zip64.u32(0) == 0x0606_4B50 else {
                throw malformed(
                    "expected the ZIP64 end record (PK\\6\\6) at byte \(zip64Offset), found other bytes",
                    at: Int64(zip64Offset)
                )
            }
            diskTotal = locator.u32(16)
            disk = zip64.u32(16)
            directoryDisk = zip64.u32(20)
            diskCount = zip64.u64(24)
            directory = Directory(offset: zip64.u64(48), size: zip64.u64(40), count: zip64.u64(32), end: Int64(zip64Offset))
        }
        guard disk == 0, directoryDisk == 0, diskTotal <= 1, diskCount == directory.count else {
            throw Diagnostic.error(
                .unreadableInput,
                "the ZIP archive is split over several disks: usageconv reads single-file archives only",
                at: SourceLocation(file: reader.path)
            )
        }
        guard directory.count <= UInt64(max(limits.maxEntries, 0)) else {
            throw Diagnostic.error(
                .sizeLimit,
                "the ZIP archive lists \(directory.count) entries, more than the \(limits.maxEntries) allowed",
                at: SourceLocation(file: reader.path)
            )
        }
        guard directory.offset <= UInt64(directory.end), directory.size <= UInt64(directory.end) - directory.offset else {
            throw malformed(
                "the central directory is said to span \(directory.size) bytes from byte \(directory.offset), "
                    + "outside the \(size)-byte archive: it is truncated or corrupt",
                at: recordOffset
            )
        }
        guard directory.count.multipliedReportingOverflow(by: 46).partialValue <= directory.size else {
            throw malformed(
                "the central directory is said to hold \(directory.count) entries in only \(directory.size) bytes",
                at: recordOffset
            )
        }
        return directory
    }

    /// One entry from its fixed 46-byte header and its name and extra field.
    private func entry(header: [UInt8], tail: [UInt8], at position: Int64, directory: Directory) throws(Diagnostic) -> ZipEntry {
        let flags = header.u16(8)
        var compressed = UInt64(header.u32(20))
        var uncompressed = UInt64(header.u32(24))
        var offset = UInt64(header.u32(42))
        let nameLength = Int(header.u16(28))
        let rawName = Array(tail[..<nameLength])
        // The ZIP64 extra field (id 1) holds, in this order, whichever of the three is 0xFFFFFFFF.
        var cursor = nameLength
        while tail.count - cursor >= 4 {
            let id = tail.u16(cursor)
            let length = Int(tail.u16(cursor + 2))
            let body = cursor + 4
            guard tail.count - body >= length else { break }
            if id == 1 {
                var field = body
                func next() throws(Diagnostic) -> UInt64 {
                    guard body + length - field >= 8 else {
                        throw malformed(
                            "central directory entry at byte \(position) has a ZIP64 extra field too short for its sizes",
                            at: position
                        )
                    }
                    defer { field += 8 }
                    return tail.u64(field)
                }
                if uncompressed == 0xFFFF_FFFF { uncompressed = try next() }
                if compressed == 0xFFFF_FFFF { compressed = try next() }
                if offset == 0xFFFF_FFFF { offset = try next() }
            }
            cursor = body + length
        }
        let name = ZipEntryName.sanitise(rawName, utf8Flag: flags & 0x0800 != 0)
        let label = name.refusal == nil ? name.path : name.display
        // Local header (30 bytes at least) and data must both lie before the central directory.
        guard offset <= directory.offset, directory.offset - offset >= 30, compressed <= directory.offset - offset - 30 else {
            throw malformed(
                "entry \(zipQuoted(label)) is said to hold \(compressed) compressed bytes from byte \(offset), "
                    + "beyond the central directory at byte \(directory.offset)",
                at: position
            )
        }
        guard uncompressed <= UInt64(Int64.max) else {
            throw malformed("entry \(zipQuoted(label)) declares an impossible size of \(uncompressed) bytes", at: position)
        }
        return ZipEntry(
            name: name.path,
            displayName: name.display,
            rawName: rawName,
            compressedSize: compressed,
            uncompressedSize: uncompressed,
            method: header.u16(10),
            isEncrypted: flags & 1 != 0,
            isDirectory: name.isDirectory,
            crc32: header.u32(16),
            localHeaderOffset: offset,
            unsafeReason: name.refusal
        )
    }

    /// A `.malformedInput` error about the archive's structure.
    private func malformed(_ message: String, at offset: Int64?) -> Diagnostic {
        Diagnostic.error(.malformedInput, message, at: SourceLocation(file: reader.path, offset: offset))
    }
}
