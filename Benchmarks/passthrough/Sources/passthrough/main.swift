// passthrough: the ceiling reference of Benchmarks/run (issue 13).
//
//     passthrough baishan|swiftfederation|interserver FILE > out.csv
//
// Converts the generated Baishan, SwiftFederation and InterServer dumps (Benchmarks/generate.py)
// to the same CSV as `usageconv FILE --to csv`, doing as little as a converter can: the input is
// read in 1 MiB blocks, each value's number text is copied through unchanged, Baishan's unix times
// are formatted directly (the date part once per day), ISO times are copied, rows are built in a
// 1 MiB output buffer. No validation beyond what keeps the scanner in step with the input, no
// number parsing, no series in memory. It assumes what the generated dumps guarantee and usageconv
// would otherwise work out: series arrive in usageconv's output order (it stops with an error
// when one does not), each series' step is the generator's (Baishan and SwiftFederation 300 s,
// InterServer samples 60 s, history 3600 s and 86400 s), times are in order without duplicates,
// strings have no escapes. What it costs is therefore a floor for any converter of these shapes;
// `usageconv`'s time divided by its time is the ratio issue 13 sets targets for.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String) -> Never {
    let text = "passthrough: " + message + "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    exit(65)
}

// MARK: - Input: 1 MiB blocks, refilled when fewer than `ensure`'s bytes remain

final class Input {
    let fd: Int32
    let capacity = 1 << 20
    let buf: UnsafeMutablePointer<UInt8>
    var pos = 0
    var end = 0
    var eof = false

    init(path: String) {
        fd = open(path, O_RDONLY)
        if fd < 0 { fail("cannot open \(path)") }
        buf = .allocate(capacity: capacity + 1)
        buf[0] = 0
    }

    /// At least `n` bytes readable at `pos` unless the input ends first; a NUL always follows
    /// the data, so scanning loops stop at the end without a bounds check per byte.
    @inline(__always) func ensure(_ n: Int) {
        if end - pos < n && !eof { refill() }
    }

    func refill() {
        let left = end - pos
        if pos > 0 && left > 0 { memmove(buf, buf + pos, left) }
        pos = 0
        end = left
        while end < capacity && !eof {
            let got = read(fd, buf + end, capacity - end)
            if got < 0 {
                if errno == EINTR { continue }
                fail("read failed")
            }
            if got == 0 { eof = true } else { end += got }
        }
        buf[end] = 0
    }

    @inline(__always) func peek() -> UInt8 {
        ensure(1)
        return buf[pos]
    }

    @inline(__always) func skipSpace() {
        while true {
            let c = peek()
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            pos += 1
        }
    }

    @inline(__always) func expect(_ c: UInt8) {
        skipSpace()
        guard buf[pos] == c else {
            fail("expected '\(Character(Unicode.Scalar(c)))' at byte \(pos), found '\(Character(Unicode.Scalar(buf[pos])))'")
        }
        pos += 1
    }

    /// `,` then true, or the closing `close` then false.
    @inline(__always) func more(_ close: UInt8) -> Bool {
        skipSpace()
        let c = buf[pos]
        pos += 1
        if c == 0x2C { return true }
        if c == close { return false }
        fail("expected ',' or '\(Character(Unicode.Scalar(close)))'")
    }

    /// A short string (a key, a name) as bytes; no escapes.
    func string() -> [UInt8] {
        expect(0x22)
        var out: [UInt8] = []
        while true {
            let c = peek()
            pos += 1
            if c == 0x22 { return out }
            if c == 0x5C || c == 0 { fail("a string with an escape or unterminated") }
            out.append(c)
        }
    }

    /// Reads the string `key` (a member name) in place, without allocating; stops on any other.
    @inline(__always) func key(_ key: [UInt8]) {
        expect(0x22)
        ensure(key.count + 1)
        for (i, b) in key.enumerated() where buf[pos + i] != b { fail("expected the key \"\(String(decoding: key, as: UTF8.self))\"") }
        guard buf[pos + key.count] == 0x22 else { fail("expected the key \"\(String(decoding: key, as: UTF8.self))\"") }
        pos += key.count + 1
    }

    /// Skips any JSON value (strings, numbers, literals, nested arrays and objects).
    func skipValue() {
        skipSpace()
        var depth = 0
        repeat {
            let c = peek()
            if c == 0 { fail("unexpected end of input") }
            pos += 1
            switch c {
            case 0x22:
                while true {
                    let s = peek()
                    pos += 1
                    if s == 0x22 { break }
                    if s == 0x5C { pos += 1 }
                    if s == 0 { fail("unterminated string") }
                }
            case 0x5B, 0x7B: depth += 1
            case 0x5D, 0x7D: depth -= 1
            default:
                if depth == 0 {
                    // A scalar at the top: up to the next delimiter.
                    while true {
                        let s = peek()
                        if s == 0x2C || s == 0x5D || s == 0x7D || s == 0x20 || s == 0x0A || s == 0 { break }
                        pos += 1
                    }
                }
            }
        } while depth > 0
    }

    /// Calls `body` with each member's key of the object that starts here.
    func members(_ body: ([UInt8]) -> Void) {
        expect(0x7B)
        skipSpace()
        if buf[pos] == 0x7D {
            pos += 1
            return
        }
        repeat {
            let key = string()
            expect(0x3A)
            body(key)
        } while more(0x7D)
    }

    /// Calls `body` for each element of the array that starts here, positioned at the element.
    @inline(__always) func elements(_ body: () -> Void) {
        expect(0x5B)
        skipSpace()
        if buf[pos] == 0x5D {
            pos += 1
            return
        }
        repeat {
            ensure(4096)
            skipSpace()
            body()
        } while more(0x5D)
    }
}

// MARK: - Output: rows built in a 1 MiB buffer, written to standard output

final class Output {
    let capacity = 1 << 20
    let buf: UnsafeMutablePointer<UInt8>
    var len = 0

    init() { buf = .allocate(capacity: capacity) }

    @inline(__always) func reserve(_ n: Int) {
        if len + n > capacity { flush() }
    }

    func flush() {
        var done = 0
        while done < len {
            let wrote = write(1, buf + done, len - done)
            if wrote < 0 {
                if errno == EINTR { continue }
                fail("write failed")
            }
            done += wrote
        }
        len = 0
    }

    @inline(__always) func append(_ bytes: [UInt8]) {
        reserve(bytes.count)
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { _ = memcpy(buf + len, base, source.count) }
        }
        len += bytes.count
    }

    @inline(__always) func byte(_ c: UInt8) {
        buf[len] = c
        len += 1
    }

    /// Copies a JSON number's text unchanged (the caller reserved room).
    @inline(__always) func number(_ input: Input) {
        var p = input.pos
        while true {
            let c = input.buf[p]
            // Digits, '.', '-', '+', 'e', 'E'.
            guard (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x2D || c == 0x2B || c == 0x65 || c == 0x45 else { break }
            buf[len] = c
            len += 1
            p += 1
        }
        if p == input.pos { fail("expected a number at byte \(p)") }
        input.pos = p
    }

    /// Copies a string's contents (a time) unchanged, without the quotes.
    @inline(__always) func stringText(_ input: Input) {
        input.expect(0x22)
        var p = input.pos
        while true {
            let c = input.buf[p]
            if c == 0x22 { break }
            if c == 0 || c == 0x5C { fail("unterminated or escaped string at byte \(p)") }
            buf[len] = c
            len += 1
            p += 1
        }
        input.pos = p + 1
    }
}

// MARK: - Series order: usageconv writes series by (source, resource, metric, direction, unit, step)

struct SeriesKey {
    var fields: [[UInt8]]
    var step: Int

    /// The row text between the time and the value: `,source,resource,metric,direction,unit,step,`.
    var middle: [UInt8] {
        var out: [UInt8] = []
        for field in fields { out += [0x2C] + field }
        out += Array(",\(step),".utf8)
        return out
    }
}

// One process, one thread: the previous series, for the order check.
nonisolated(unsafe) var lastKey: SeriesKey? = nil

/// Stops unless `key` comes after the previous series in usageconv's order (it would sort them).
func begin(_ key: SeriesKey) -> [UInt8] {
    if let last = lastKey {
        var later = false
        var decided = false
        for (a, b) in zip(last.fields, key.fields) where a != b {
            later = a.lexicographicallyPrecedes(b)
            decided = true
            break
        }
        if !decided { later = last.step < key.step }
        if !later { fail("series out of usageconv's order; the pass-through scanner does not sort") }
    }
    lastKey = key
    return key.middle
}

let measured = Array(",measured\n".utf8)

/// A `[time, value]` pair whose time is an ISO string, copied: one row.
@inline(__always) func isoPair(_ input: Input, _ output: Output, middle: [UInt8]) {
    output.reserve(256 + middle.count)
    input.expect(0x5B)
    output.stringText(input)
    input.expect(0x2C)
    input.skipSpace()
    output.append(middle)
    output.number(input)
    output.append(measured)
    input.expect(0x5D)
}

// MARK: - Baishan: {"code":0,"data":[[1503244800,208706182.29],...]}

/// Days since 1970-01-01 to (year, month, day): Howard Hinnant's civil_from_days.
func civil(_ days: Int) -> (Int, Int, Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
}

@inline(__always) func two(_ out: Output, _ v: Int) {
    out.byte(UInt8(0x30 + v / 10))
    out.byte(UInt8(0x30 + v % 10))
}

func baishan(_ input: Input, _ output: Output) {
    let middle = begin(
        SeriesKey(
            fields: [Array("baishan".utf8), Array("all".utf8), Array("bandwidth".utf8), Array("out".utf8), Array("bit/s".utf8)],
            step: 300
        )
    )
    var cachedDay = Int.min
    var date = [UInt8](repeating: 0, count: 11)  // yyyy-MM-ddT
    input.members { key in
        guard key == Array("data".utf8) else { return input.skipValue() }
        input.elements {
            output.reserve(256 + middle.count)
            input.expect(0x5B)
            input.skipSpace()
            var t = 0
            var p = input.pos
            while input.buf[p] >= 0x30 && input.buf[p] <= 0x39 {
                t = t &* 10 &+ Int(input.buf[p] &- 0x30)
                p += 1
            }
            if p == input.pos { fail("expected a unix time at byte \(p)") }
            input.pos = p
            input.expect(0x2C)
            input.skipSpace()
            let day = t / 86400
            let second = t - day * 86400
            if day != cachedDay {
                cachedDay = day
                let (y, m, d) = civil(day)
                date =
                    Array(String(y).utf8) + [
                        0x2D, UInt8(0x30 + m / 10), UInt8(0x30 + m % 10), 0x2D, UInt8(0x30 + d / 10), UInt8(0x30 + d % 10), 0x54,
                    ]
            }
            output.append(date)
            two(output, second / 3600)
            output.byte(0x3A)
            two(output, second / 60 % 60)
            output.byte(0x3A)
            two(output, second % 60)
            output.byte(0x5A)
            output.append(middle)
            output.number(input)
            output.append(measured)
            input.expect(0x5D)
        }
    }
}

// MARK: - SwiftFederation: [{"domain":"d00.example.com","volumes":[{"timestamp":"...","value":32342331},...]},...]

func swiftFederation(_ input: Input, _ output: Output) {
    let timestampKey = Array("timestamp".utf8)
    let valueKey = Array("value".utf8)
    input.elements {
        var middle: [UInt8]? = nil
        input.members { key in
            if key == Array("domain".utf8) {
                let domain = input.string()
                middle = begin(
                    SeriesKey(
                        fields: [Array("swiftfederation".utf8), domain, Array("traffic".utf8), Array("out".utf8), Array("B".utf8)],
                        step: 300
                    )
                )
            } else if key == Array("volumes".utf8) {
                guard let middle else { fail("volumes before domain") }
                input.elements {
                    output.reserve(256 + middle.count)
                    // {"timestamp":"...","value":N} in this order (the generator's and the API's).
                    input.expect(0x7B)
                    input.key(timestampKey)
                    input.expect(0x3A)
                    output.stringText(input)
                    input.expect(0x2C)
                    input.key(valueKey)
                    input.expect(0x3A)
                    input.skipSpace()
                    output.append(middle)
                    output.number(input)
                    output.append(measured)
                    input.expect(0x7D)
                }
            } else {
                input.skipValue()
            }
        }
    }
}

// MARK: - InterServer: {"name":...,"data":[{"name":"10.0.0.1 In","data":[["iso",n],...]},...],"history":{"hour":{"data":...},"day":...}}

func interServer(_ input: Input, _ output: Output) {
    var vps: [UInt8]? = nil
    input.members { key in
        if key == Array("name".utf8) {
            vps = input.string()
        } else if key == Array("data".utf8) {
            input.elements {
                var middle: [UInt8]? = nil
                input.members { key in
                    if key == Array("name".utf8) {
                        // "<ip> In" / "<ip> Out".
                        let name = input.string()
                        guard let space = name.lastIndex(of: 0x20) else { fail("series name without In/Out") }
                        let direction: [UInt8] = name[(space + 1)...] == Array("In".utf8)[...] ? Array("in".utf8) : Array("out".utf8)
                        middle = begin(
                            SeriesKey(
                                fields: [
                                    Array("interserver".utf8), Array(name[..<space]), Array("bandwidth".utf8), direction, Array("B/s".utf8),
                                ],
                                step: 60
                            )
                        )
                    } else if key == Array("data".utf8) {
                        guard let middle else { fail("data before name") }
                        input.elements { isoPair(input, output, middle: middle) }
                    } else {
                        input.skipValue()
                    }
                }
            }
        } else if key == Array("history".utf8) {
            guard let vps else { fail("history before name") }
            input.members { period in
                let step = period == Array("hour".utf8) ? 3600 : period == Array("day".utf8) ? 86400 : 0
                guard step > 0 else { return input.skipValue() }
                let middle = begin(
                    SeriesKey(
                        fields: [Array("interserver".utf8), vps, Array("traffic".utf8), Array("total".utf8), Array("B".utf8)],
                        step: step
                    )
                )
                input.members { key in
                    guard key == Array("data".utf8) else { return input.skipValue() }
                    input.elements { isoPair(input, output, middle: middle) }
                }
            }
        } else {
            input.skipValue()
        }
    }
}

// MARK: - main

let arguments = CommandLine.arguments
guard arguments.count == 3 else { fail("usage: passthrough baishan|swiftfederation|interserver FILE > out.csv") }
let input = Input(path: arguments[2])
let output = Output()
output.append(Array("time,source,resource,metric,direction,unit,step,value,quality\n".utf8))
switch arguments[1] {
case "baishan": baishan(input, output)
case "swiftfederation": swiftFederation(input, output)
case "interserver": interServer(input, output)
default: fail("unknown kind \(arguments[1])")
}
input.skipSpace()
if input.peek() != 0 { fail("trailing bytes after the document") }
output.flush()
