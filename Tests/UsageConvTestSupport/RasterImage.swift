import Foundation

/// A PNG's pixels as 8-bit RGBA, decoded by python3's zlib (the tests read what rsvg-convert and
/// Chromium drew; usageconv itself never reads PNG).
package struct RasterImage: Sendable {
    /// Width in pixels.
    package var width: Int
    /// Height in pixels.
    package var height: Int
    /// Row-major RGBA bytes.
    package var rgba: [UInt8]

    /// The decoder, a python3 script.
    ///
    /// PNG chunks, zlib, the five scanline filters; 8-bit grey, grey+alpha, RGB or RGBA,
    /// not interlaced (what rsvg-convert and Chromium write). Writes a `width height` line, then the RGBA bytes, to argv[2].
    static let script = #"""
        import sys, zlib, struct
        data = open(sys.argv[1], 'rb').read()
        if data[:8] != b'\x89PNG\r\n\x1a\n': sys.exit('not a PNG')
        pos, idat = 8, b''
        while pos < len(data):
            n, = struct.unpack('>I', data[pos:pos + 4]); kind = data[pos + 4:pos + 8]; body = data[pos + 8:pos + 8 + n]; pos += 12 + n
            if kind == b'IHDR': w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
            elif kind == b'IDAT': idat += body
        if depth != 8 or interlace != 0: sys.exit('unsupported PNG: depth %d interlace %d' % (depth, interlace))
        ch = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
        raw = zlib.decompress(idat); stride = w * ch; prev = bytearray(stride); i = 0; out = bytearray()
        for y in range(h):
            f = raw[i]; i += 1; line = bytearray(raw[i:i + stride]); i += stride
            if f == 1:
                for x in range(ch, stride): line[x] = (line[x] + line[x - ch]) & 255
            elif f == 2:
                for x in range(stride): line[x] = (line[x] + prev[x]) & 255
            elif f == 3:
                for x in range(stride): line[x] = (line[x] + (((line[x - ch] if x >= ch else 0) + prev[x]) >> 1)) & 255
            elif f == 4:
                for x in range(stride):
                    a = line[x - ch] if x >= ch else 0; b = prev[x]; c = prev[x - ch] if x >= ch else 0
                    p = a + b - c; pa = abs(p - a); pb = abs(p - b); pc = abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            prev = line
            if ch == 4: out += line
            else:
                for x in range(w):
                    px = line[x * ch:(x + 1) * ch]
                    out += bytes([px[0]] * 3 + [px[1] if ch == 2 else 255]) if ch <= 2 else bytes(px) + b'\xff'
        sink = open(sys.argv[2], 'wb'); sink.write(b'%d %d\n' % (w, h)); sink.write(out); sink.close()
        """#

    /// Decodes the PNG at `url` with `python` (python3); the RGBA lands beside it as `.rgba`.
    package static func read(_ url: URL, python: URL) throws -> RasterImage {
        let output = url.deletingPathExtension().appendingPathExtension("rgba")
        let result = try TestTools.run(python, ["-c", script, url.path, output.path])
        guard result.status == 0 else { throw DecodeError(message: "python could not decode \(url.path): \(result.stderr)") }
        let bytes = [UInt8](try Data(contentsOf: output))
        guard let newline = bytes.firstIndex(of: 0x0A) else { throw DecodeError(message: "no header in \(output.path)") }
        let header = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ").compactMap { Int($0) }
        guard header.count == 2, bytes.count - newline - 1 == header[0] * header[1] * 4 else {
            throw DecodeError(message: "\(output.path): header \(header) does not match \(bytes.count - newline - 1) bytes")
        }
        return RasterImage(width: header[0], height: header[1], rgba: Array(bytes[(newline + 1)...]))
    }

    /// Why a PNG could not be read.
    package struct DecodeError: Error, CustomStringConvertible {
        /// What went wrong.
        package var message: String
        /// The message.
        package var description: String { message }
    }

    /// The pixel at column `x`, row `y` (red, green, blue, alpha).
    package func pixel(_ x: Int, _ y: Int) -> (r: Int, g: Int, b: Int, a: Int) {
        let i = (y * width + x) * 4
        return (Int(rgba[i]), Int(rgba[i + 1]), Int(rgba[i + 2]), Int(rgba[i + 3]))
    }

    /// Whether the pixel is within `tolerance` of `color` (`#rrggbb`) on every channel.
    package func matches(_ x: Int, _ y: Int, _ color: String, tolerance: Int = 40) -> Bool {
        guard x >= 0, y >= 0, x < width, y < height else { return false }
        let hex = Array(color.dropFirst())
        guard hex.count == 6, let value = Int(String(hex), radix: 16) else { return false }
        let p = pixel(x, y)
        return abs(p.r - (value >> 16)) <= tolerance && abs(p.g - (value >> 8 & 0xFF)) <= tolerance
            && abs(p.b - (value & 0xFF)) <= tolerance && p.a > 128
    }

    /// The share of pixels that are not (near) white or transparent.
    package var inkedFraction: Double {
        var inked = 0
        for i in stride(from: 0, to: rgba.count, by: 4) where rgba[i + 3] > 128 && (rgba[i] < 235 || rgba[i + 1] < 235 || rgba[i + 2] < 235)
        {
            inked += 1
        }
        return Double(inked) / Double(Swift.max(1, width * height))
    }

    /// How many distinct colours the image uses (quantised to 4 bits a channel).
    package var colourCount: Int {
        var seen = Set<Int>()
        for i in stride(from: 0, to: rgba.count, by: 4) {
            seen.insert(Int(rgba[i] >> 4) << 8 | Int(rgba[i + 1] >> 4) << 4 | Int(rgba[i + 2] >> 4))
        }
        return seen.count
    }
}
