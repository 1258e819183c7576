import UsageConvBytes
import UsageConvValues

// The bulk readers: the element shapes dumps repeat millions of times (`[t, v]` pairs,
// `{"timestamp": ..., "value": ...}` objects, `["<ISO time>", v]` pairs, ISO time strings), each
// read in one pass over the buffer instead of one token walk per element.
//
// A bulk reader only reads what the token walk would accept with exactly the same result: anything
// else (an escape, a comment, `null`, an odd key order, a number the general grammar must judge, a
// chunk boundary inside the element) makes it stop without consuming the element, and the caller's
// token walk reads that one, with the same checks and located errors as ever.
//
// The loops are inlinable, and so is everything they read an element with: inlined into a
// decoder's loop with its `accept` closure, a run of elements is read with the position in
// registers, and the scanner is written back once per run (`endBulk`), not once per element.
extension JSONScanner {
    /// An element read in bulk: where it starts and its number's text (for a located error raised
    /// after it, and for `tokenText()`), and its number.
    @usableFromInline
    struct BulkElement {
        @usableFromInline var start: Int
        @usableFromInline var startLine: Int
        @usableFromInline var startLineStart: Int64
        @usableFromInline var textStart: Int
        @usableFromInline var textEnd: Int
        @usableFromInline var number: JSONNumber?

        @inlinable
        init(start: Int, startLine: Int, startLineStart: Int64, textStart: Int, textEnd: Int, number: JSONNumber?) {
            self.start = start
            self.startLine = startLine
            self.startLineStart = startLineStart
            self.textStart = textStart
            self.textEnd = textEnd
            self.number = number
        }

        /// An element that opened where `open` stands, its located text from `textStart` to `textEnd`.
        @inlinable @inline(__always)
        init(opening open: Cursor, textStart: Int, textEnd: Int, number: JSONNumber?) {
            self.init(
                start: open.i,
                startLine: open.line,
                startLineStart: open.lineStart,
                textStart: textStart,
                textEnd: textEnd,
                number: number
            )
        }
    }

    /// The calendar day of the last canonical timestamp: consecutive points share a day, so its
    /// `yyyy-MM-dd` text is compared as two integers instead of parsed again.
    @usableFromInline
    struct DateCache {
        @usableFromInline var low: UInt64 = 0
        @usableFromInline var high: UInt16 = 0
        @usableFromInline var days: Int64 = 0
        @usableFromInline var isSet = false

        @inlinable
        init() {}

        /// The day number of the `yyyy-MM-dd` at `q`, as `UnixTime.parseISO8601` reads it; nil
        /// when that rejects it.
        @inlinable @inline(__always)
        mutating func days(at q: UnsafePointer<UInt8>) -> Int64? {
            let low = UnsafeRawPointer(q).loadUnaligned(as: UInt64.self)
            let high = UnsafeRawPointer(q + 8).loadUnaligned(as: UInt16.self)
            if isSet && low == self.low && high == self.high { return days }
            return parse(q, low: low, high: high)
        }

        /// A day not seen last: parsed, and cached when valid.
        @usableFromInline
        mutating func parse(_ q: UnsafePointer<UInt8>, low: UInt64, high: UInt16) -> Int64? {
            guard let parsed = UnixTime.parseISO8601(UnsafeBufferPointer(start: q, count: 10), defaultOffset: 0) else {
                return nil
            }
            // Only text the general parser accepted is ever cached, so a match is valid text.
            self.low = low
            self.high = high
            days = parsed / 86_400
            isSet = true
            return days
        }
    }

    /// A read position inside the buffer, with the line count whitespace advances.
    @usableFromInline
    struct Cursor {
        @usableFromInline let p: UnsafeMutablePointer<UInt8>
        @usableFromInline let end: Int
        @usableFromInline let baseOffset: Int64
        @usableFromInline var i: Int
        @usableFromInline var line: Int
        @usableFromInline var lineStart: Int64

        @inlinable
        init(p: UnsafeMutablePointer<UInt8>, end: Int, baseOffset: Int64, i: Int, line: Int, lineStart: Int64) {
            self.p = p
            self.end = end
            self.baseOffset = baseOffset
            self.i = i
            self.line = line
            self.lineStart = lineStart
        }

        /// Skips JSON whitespace (counting lines); false when the buffer ends first.
        @inlinable @inline(__always)
        mutating func space() -> Bool {
            while i < end {
                let c = p[i]
                // Every byte that is not whitespace is above the space: one test for compact JSON.
                if c > 0x20 { return true }
                if c == 0x20 || c == 0x09 || c == 0x0D {
                    i += 1
                } else if c == 0x0A {
                    i += 1
                    line += 1
                    lineStart = baseOffset + Int64(i)
                } else {
                    return true
                }
            }
            return false
        }

        /// Skips whitespace, then consumes `byte` if it is next.
        @inlinable @inline(__always)
        mutating func take(_ byte: UInt8) -> Bool {
            guard space(), p[i] == byte else { return false }
            i += 1
            return true
        }

        /// Skips whitespace, then consumes `"name"` (exactly those bytes: no escapes) and its `:`.
        @inlinable @inline(__always)
        mutating func key(_ name: StaticString) -> Bool {
            let n = name.utf8CodeUnitCount
            guard space(), i + n + 2 <= end, p[i] == 0x22, p[i + n + 1] == 0x22 else { return false }
            // Compared a word at a time (two overlapping loads cover 4 to 16 bytes).
            let text = UnsafeRawPointer(p + i + 1)
            let bytes = UnsafeRawPointer(name.utf8Start)
            if n >= 8 && n <= 16 {
                let last = n - 8
                guard text.loadUnaligned(as: UInt64.self) == bytes.loadUnaligned(as: UInt64.self),
                    text.loadUnaligned(fromByteOffset: last, as: UInt64.self) == bytes.loadUnaligned(fromByteOffset: last, as: UInt64.self)
                else { return false }
            } else if n >= 4 && n < 8 {
                let last = n - 4
                guard text.loadUnaligned(as: UInt32.self) == bytes.loadUnaligned(as: UInt32.self),
                    text.loadUnaligned(fromByteOffset: last, as: UInt32.self) == bytes.loadUnaligned(fromByteOffset: last, as: UInt32.self)
                else { return false }
            } else {
                for k in 0..<n where p[i + 1 + k] != name.utf8Start[k] { return false }
            }
            i += n + 2
            return take(UInt8(ascii: ":"))
        }

        /// Consumes a string at `i` that is a canonical UTC time `"yyyy-MM-ddTHH:mm:ssZ"`,
        /// returning its Unix seconds as `JSONScanner.iso8601Value()` reads it; nil for any other.
        @inlinable @inline(__always)
        mutating func canonicalTime(_ cache: inout DateCache) -> Int64? {
            guard i + 22 <= end, p[i] == 0x22, p[i + 21] == 0x22,
                let seconds = JSONScanner.canonicalTime(UnsafePointer(p + i + 1), &cache)
            else { return nil }
            i += 22
            return seconds
        }

        /// Consumes the number at `i` when it lies wholly in the buffer, read as
        /// `JSONScanner.parseNumber` reads it; nil when it is malformed or the buffer ends in it.
        @inlinable @inline(__always)
        mutating func number() -> JSONNumber? {
            if let (number, next) = plainNumber() {
                i = next
                return number
            }
            guard let (number, next) = JSONScanner.generalNumber(p, i, end) else { return nil }
            i = next
            return number
        }

        /// The 8 bytes at `j` with '0'...'9' turned into 0...9 (the SWAR word the digit helpers read).
        @inlinable @inline(__always)
        func digitWord(_ j: Int) -> UInt64 {
            UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self).littleEndian ^ 0x3030_3030_3030_3030
        }

        /// One pass for plain numbers at `i` (`1503244800`, `208706182.29`: at most 16 integer and 7
        /// fraction digits, 18 in all, no exponent), the same `JSONNumber` `parseNumber` gives, and
        /// the index after it; nil hands anything else (and any number within 32 bytes of the
        /// buffer's end) to the general grammar.
        ///
        /// Eight bytes are tested and converted at once (SWAR: a few multiplications instead of a
        /// loop and a branch per digit).
        @inlinable @inline(__always)
        func plainNumber() -> (JSONNumber, Int)? {
            guard i + 32 <= end else { return nil }
            var j = i
            let negative = p[j] == UInt8(ascii: "-")
            if negative { j += 1 }
            let first = digitWord(j)
            var digits = JSONScanner.digitCount(first)
            guard digits > 0 else { return nil }
            // JSON has no leading zeros ("01"): leave those to the grammar, which rejects them.
            if p[j] == UInt8(ascii: "0") && digits > 1 { return nil }
            var significand = JSONScanner.digitsValue(first, digits)
            if digits == 8 {
                let second = digitWord(j + 8)
                let more = JSONScanner.digitCount(second)
                guard more < 8 else { return nil }
                if more > 0 {
                    significand = significand &* DecimalDigits.power10(more) &+ JSONScanner.digitsValue(second, more)
                    digits += more
                }
            }
            j += digits
            var exponent = 0
            var integer = true
            if p[j] == UInt8(ascii: ".") {
                integer = false
                let word = digitWord(j + 1)
                let count = JSONScanner.digitCount(word)
                // "1." has no fraction digits (the grammar's error); 8 or more take the grammar.
                guard count > 0 && count < 8 else { return nil }
                significand = significand &* DecimalDigits.power10(count) &+ JSONScanner.digitsValue(word, count)
                digits += count
                exponent = -count
                j += 1 + count
            }
            guard digits <= 18 else { return nil }
            let c = p[j]
            if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
                || c == UInt8(ascii: ".")
            {
                return nil
            }
            // As parseNumber: zero has exponent 0 (`0.00` is 0).
            if significand == 0 { exponent = 0 }
            let number = JSONNumber(
                isNegative: negative,
                significand: significand,
                exponent: exponent,
                isExact: true,
                isIntegerLiteral: integer
            )
            return (number, j)
        }
    }

    /// How many of a digit word's bytes (`Cursor.digitWord`) lead with digits: 0...8.
    @inlinable @inline(__always)
    static func digitCount(_ word: UInt64) -> Int {
        // A byte's high bit is set unless it was '0'...'9' (now 0...9); a carry out of a non-digit
        // byte can only reach bytes after it, which are not counted.
        let flags = ((word &+ 0x7676_7676_7676_7676) | word) & 0x8080_8080_8080_8080
        return flags.trailingZeroBitCount &>> 3
    }

    /// The value of a digit word's first `count` (1...8) digits.
    @inlinable @inline(__always)
    static func digitsValue(_ word: UInt64, _ count: Int) -> UInt64 {
        // The digits as the last `count` of eight (leading zeros), combined in pairs, fours, eights.
        var v = word &<< UInt64(64 &- 8 &* count)
        v = ((v & 0x0F0F_0F0F_0F0F_0F0F) &* 2561) &>> 8
        v = ((v & 0x00FF_00FF_00FF_00FF) &* 6_553_601) &>> 16
        v = ((v & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) &>> 32
        return v & 0xFFFF_FFFF
    }

    /// A number `Cursor.plainNumber` leaves (an exponent, more digits): the run of number bytes
    /// at `start` through `parseNumber`, when it ends inside the buffer and is valid.
    @usableFromInline
    static func generalNumber(_ p: UnsafeMutablePointer<UInt8>, _ start: Int, _ end: Int) -> (JSONNumber, Int)? {
        var j = start
        while j < end {
            let c = p[j]
            guard
                (c &- 48) < 10 || c == UInt8(ascii: ".") || c == UInt8(ascii: "-") || c == UInt8(ascii: "+")
                    || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
            else { break }
            j += 1
        }
        guard j < end, j > start, case .success(let number) = parseNumber(p, start, j) else { return nil }
        return (number, j)
    }

    /// The Unix seconds of the 20 bytes at `q` when they are `yyyy-MM-ddTHH:mm:ssZ`, the date as
    /// `UnixTime.parseISO8601` reads it (cached per day) and the clock checked as it checks it.
    @inlinable @inline(__always)
    static func canonicalTime(_ q: UnsafePointer<UInt8>, _ cache: inout DateCache) -> Int64? {
        guard q[10] == UInt8(ascii: "T"), q[13] == UInt8(ascii: ":"), q[16] == UInt8(ascii: ":"), q[19] == UInt8(ascii: "Z")
        else { return nil }
        let h1 = q[11] &- 48
        let h2 = q[12] &- 48
        let m1 = q[14] &- 48
        let m2 = q[15] &- 48
        let s1 = q[17] &- 48
        let s2 = q[18] &- 48
        guard h1 < 10, h2 < 10, m1 < 10, m2 < 10, s1 < 10, s2 < 10 else { return nil }
        let h = Int64(h1) &* 10 &+ Int64(h2)
        let m = Int64(m1) &* 10 &+ Int64(m2)
        let s = Int64(s1) &* 10 &+ Int64(s2)
        guard h < 24, m < 60, s < 60, let days = cache.days(at: q) else { return nil }
        return days &* 86_400 &+ h &* 3600 &+ m &* 60 &+ s
    }

    /// A run of bulk elements in one array: the position after the last one consumed, and that
    /// element; the scanner learns of them in `endBulk`.
    @usableFromInline
    struct BulkRun {
        /// After the last consumed element (at the start: where the scanner stood).
        @usableFromInline var cursor: Cursor
        /// Whether a `,` comes before the next element (not before an array's first).
        @usableFromInline var separated: Bool
        /// How many elements were consumed.
        @usableFromInline var consumed = 0
        /// The last consumed element (meaningless while `consumed` is 0).
        @usableFromInline var last = BulkElement(start: 0, startLine: 0, startLineStart: 0, textStart: 0, textEnd: 0, number: nil)
        @usableFromInline var dateCache: DateCache

        @inlinable
        init(cursor: Cursor, separated: Bool, dateCache: DateCache) {
            self.cursor = cursor
            self.separated = separated
            self.dateCache = dateCache
        }

        /// A cursor at the next element's first byte, past whitespace and its `,`; nil when the
        /// array ends there, or the buffer does.
        @inlinable @inline(__always)
        func elementStart() -> Cursor? {
            var c = cursor
            guard c.space() else { return nil }
            if separated {
                guard c.p[c.i] == UInt8(ascii: ",") else { return nil }
                c.i += 1
                guard c.space() else { return nil }
            }
            return c
        }

        /// Consumes the element read up to `next`.
        @inlinable @inline(__always)
        mutating func consume(_ next: Cursor, _ element: BulkElement) {
            cursor = next
            last = element
            consumed += 1
            separated = true
        }

        /// The next element read if it is `[number, number]`: both numbers, the cursor after it, the element.
        @inlinable @inline(__always)
        func numberPair() -> (JSONNumber, JSONNumber, Cursor, BulkElement)? {
            guard var c = elementStart(), c.p[c.i] == UInt8(ascii: "[") else { return nil }
            let open = c
            c.i += 1
            guard c.space(), let first = c.number(), c.take(UInt8(ascii: ",")), c.space() else { return nil }
            let textStart = c.i
            guard let second = c.number() else { return nil }
            let textEnd = c.i
            guard c.take(UInt8(ascii: "]")) else { return nil }
            let element = BulkElement(
                opening: open,
                textStart: textStart,
                textEnd: textEnd,
                number: second
            )
            return (first, second, c, element)
        }

        /// Reads a run of elements written without any whitespace that `element` recognizes,
        /// handing each one's time and number to `accept`, with the position in locals (the
        /// elements of a dump are alike: the loop is most of a decoder's time).
        ///
        /// `element` gets the buffer and where an element starts (at least `numberAt + 32` bytes
        /// before the buffer's end) and returns its time when the bytes before its number, at
        /// `numberAt`, are of its form; the number is read as `plainNumber` reads it and must be
        /// followed at once by `close`. Without a `close` the element has no number: it is a
        /// string `numberAt` bytes long, quotes included. The run stops, consuming nothing of it, at the first
        /// element of another form (left for the general reading, which reads a compact element
        /// the same way) or the first `accept` refuses; returns whether `accept` refused one.
        @inlinable @inline(__always)
        mutating func compactRun(
            numberAt: Int,
            close: UInt8?,
            _ element: (UnsafeMutablePointer<UInt8>, Int, inout DateCache) -> Int64?,
            _ accept: (Int64, JSONNumber) -> Bool
        ) -> Bool {
            let p = cursor.p
            let end = cursor.end
            var i = cursor.i
            var comma = separated
            var cache = dateCache
            var count = 0
            var lastStart = 0
            var lastEnd = 0
            var lastNumber: JSONNumber? = nil
            var refused = false
            while true {
                var k = i
                if comma {
                    guard k < end, p[k] == UInt8(ascii: ",") else { break }
                    k += 1
                }
                guard k + numberAt + 32 <= end, let time = element(p, k, &cache) else { break }
                var value = JSONNumber(isNegative: false, significand: 0, exponent: 0, isExact: true, isIntegerLiteral: true)
                // The element's text (its number, or the inside of its string) ends at `textEnd`.
                var textEnd = k + numberAt - 1
                if let close {
                    let at = Cursor(p: p, end: end, baseOffset: 0, i: k + numberAt, line: 0, lineStart: 0)
                    guard let (number, numberEnd) = at.plainNumber(), p[numberEnd] == close else { break }
                    value = number
                    textEnd = numberEnd
                }
                guard accept(time, value) else {
                    refused = true
                    break
                }
                i = textEnd + 1
                comma = true
                count += 1
                lastStart = k
                lastEnd = textEnd
                lastNumber = close == nil ? nil : value
            }
            dateCache = cache
            if count > 0 {
                // No line ended inside the run: the element is on the cursor's line.
                var next = cursor
                next.i = i
                let element = BulkElement(
                    start: lastStart,
                    startLine: cursor.line,
                    startLineStart: cursor.lineStart,
                    textStart: close == nil ? lastStart + 1 : lastStart + numberAt,
                    textEnd: lastEnd,
                    number: lastNumber
                )
                consume(next, element)
                consumed += count - 1
            }
            return refused
        }

        /// Whether the bytes at `p + i` are `text` (8 to 16 bytes: two word compares).
        @inlinable @inline(__always)
        static func matches(_ p: UnsafeMutablePointer<UInt8>, _ i: Int, _ text: StaticString) -> Bool {
            let n = text.utf8CodeUnitCount
            let here = UnsafeRawPointer(p + i)
            let there = UnsafeRawPointer(text.utf8Start)
            return here.loadUnaligned(as: UInt64.self) == there.loadUnaligned(as: UInt64.self)
                && here.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == there.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }

        /// A run of `{"timestamp":"yyyy-MM-ddTHH:mm:ssZ","value":<number>}` without whitespace (how
        /// the API and the generators write them); see `compactRun`.
        @inlinable @inline(__always)
        mutating func compactTimestampValues(_ accept: (Int64, JSONNumber) -> Bool) -> Bool {
            // 14 bytes of `{"timestamp":"`, 20 of time, 10 of `","value":`, then the number.
            compactRun(
                numberAt: 44,
                close: UInt8(ascii: "}"),
                { p, k, cache in
                    guard BulkRun.matches(p, k, "{\"timestamp\":\""), BulkRun.matches(p, k + 34, "\",\"value\":") else { return nil }
                    return JSONScanner.canonicalTime(UnsafePointer(p + k + 14), &cache)
                },
                accept
            )
        }

        /// A run of `"yyyy-MM-ddTHH:mm:ssZ"` strings without whitespace; see `compactRun`.
        @inlinable @inline(__always)
        mutating func compactTimeStrings(_ accept: (Int64) -> Bool) -> Bool {
            compactRun(
                numberAt: 22,
                close: nil,
                { p, k, cache in
                    guard p[k] == 0x22, p[k + 21] == 0x22 else { return nil }
                    return JSONScanner.canonicalTime(UnsafePointer(p + k + 1), &cache)
                },
                { time, _ in accept(time) }
            )
        }

        /// A run of `["yyyy-MM-ddTHH:mm:ssZ",<number>]` without whitespace; see `compactRun`.
        @inlinable @inline(__always)
        mutating func compactTimeNumberPairs(_ accept: (Int64, JSONNumber) -> Bool) -> Bool {
            // `["`, 20 bytes of time, `",`, then the number.
            compactRun(
                numberAt: 24,
                close: UInt8(ascii: "]"),
                { p, k, cache in
                    guard p[k] == UInt8(ascii: "["), p[k + 1] == 0x22, p[k + 22] == 0x22, p[k + 23] == UInt8(ascii: ",") else { return nil }
                    return JSONScanner.canonicalTime(UnsafePointer(p + k + 2), &cache)
                },
                accept
            )
        }

        /// The next element read if it is `{"timestamp": "yyyy-MM-ddTHH:mm:ssZ", "value": <number>}`.
        @inlinable @inline(__always)
        mutating func timestampValue() -> (Int64, JSONNumber, Cursor, BulkElement)? {
            guard var c = elementStart(), c.p[c.i] == UInt8(ascii: "{") else { return nil }
            let open = c
            c.i += 1
            guard c.key("timestamp"), c.space(), let time = c.canonicalTime(&dateCache), c.take(UInt8(ascii: ",")),
                c.key("value"), c.space()
            else { return nil }
            let textStart = c.i
            guard let value = c.number() else { return nil }
            let textEnd = c.i
            guard c.take(UInt8(ascii: "}")) else { return nil }
            let element = BulkElement(
                opening: open,
                textStart: textStart,
                textEnd: textEnd,
                number: value
            )
            return (time, value, c, element)
        }

        /// The next element read if it is `["yyyy-MM-ddTHH:mm:ssZ", <number>]`.
        @inlinable @inline(__always)
        mutating func timeNumberPair() -> (Int64, JSONNumber, Cursor, BulkElement)? {
            guard var c = elementStart(), c.p[c.i] == UInt8(ascii: "[") else { return nil }
            let open = c
            c.i += 1
            guard c.space(), let time = c.canonicalTime(&dateCache), c.take(UInt8(ascii: ",")), c.space() else { return nil }
            let textStart = c.i
            guard let value = c.number() else { return nil }
            let textEnd = c.i
            guard c.take(UInt8(ascii: "]")) else { return nil }
            let element = BulkElement(
                opening: open,
                textStart: textStart,
                textEnd: textEnd,
                number: value
            )
            return (time, value, c, element)
        }

        /// The next element read if it is the string `"yyyy-MM-ddTHH:mm:ssZ"`.
        @inlinable @inline(__always)
        mutating func timeString() -> (Int64, Cursor, BulkElement)? {
            guard var c = elementStart() else { return nil }
            let open = c
            guard let time = c.canonicalTime(&dateCache) else { return nil }
            let element = BulkElement(
                opening: open,
                textStart: open.i + 1,
                textEnd: c.i - 1,
                number: nil
            )
            return (time, c, element)
        }
    }

    /// A run starting where the scanner stands, if the next token is an element of an array
    /// whose elements can be read in bulk (an array at most `maxDepth - 1` deep, so a pair or
    /// object in it is within the limit the token walk enforces).
    @usableFromInline
    func beginBulk() -> BulkRun? {
        guard let isObject = containers.last, !isObject, state == .arrayStart || state == .afterValue,
            containers.count < options.maxDepth
        else { return nil }
        let cursor = Cursor(p: buffer, end: count, baseOffset: baseOffset, i: pos, line: line, lineStart: lineStart)
        return BulkRun(cursor: cursor, separated: state == .afterValue, dateCache: dateCache)
    }

    /// Ends a run: the scanner stands after its last consumed element as after the token walk's
    /// last token of it (the array index advanced, the element the current token, its number the
    /// current number).
    @usableFromInline
    mutating func endBulk(_ run: BulkRun) {
        dateCache = run.dateCache
        guard run.consumed > 0 else { return }
        // The walk counts an array's elements from 0: the first element of an array adds none.
        indices[indices.count - 1] += state == .afterValue ? run.consumed : run.consumed - 1
        state = .afterValue
        pos = run.cursor.i
        line = run.cursor.line
        lineStart = run.cursor.lineStart
        let element = run.last
        tokenStart = element.start
        tokenOffset = baseOffset + Int64(element.start)
        tokenLine = element.startLine
        tokenLineStart = element.startLineStart
        textStart = element.textStart
        textEnd = element.textEnd
        textHasEscapes = false
        if let value = element.number { number = value }
    }

    /// `[number, number]` pairs in bulk; the first `accept` refuses is consumed and is the current
    /// token, and true is returned (see `JSONReader.forEachNumberPair`).
    @inlinable
    mutating func forEachNumberPair(_ accept: (JSONNumber, JSONNumber) -> Bool) -> Bool {
        guard var run = beginBulk() else { return false }
        var refused = false
        while let (first, second, next, element) = run.numberPair() {
            run.consume(next, element)
            if !accept(first, second) {
                refused = true
                break
            }
        }
        endBulk(run)
        return refused
    }

    /// Consumes the next element if it is `[number, number]` wholly in the buffer, returning both
    /// numbers; otherwise consumes nothing and returns nil, so the token walk reads (and locates
    /// errors in) that element.
    @usableFromInline
    mutating func nextNumberPair() -> (JSONNumber, JSONNumber)? {
        guard var run = beginBulk(), let (first, second, next, element) = run.numberPair() else { return nil }
        run.consume(next, element)
        endBulk(run)
        return (first, second)
    }

    /// `{"timestamp": ..., "value": ...}` objects in bulk; the first `accept` refuses is not consumed.
    @inlinable
    mutating func forEachTimestampValue(_ accept: (Int64, JSONNumber) -> Bool) {
        guard var run = beginBulk() else { return }
        // Runs of compact elements; between them, one element read generally (whitespace, a
        // number the compact run leaves, the buffer's end).
        while !run.compactTimestampValues(accept), let (time, value, next, element) = run.timestampValue(), accept(time, value) {
            run.consume(next, element)
        }
        endBulk(run)
    }

    /// `["<time>", number]` pairs in bulk; the first `accept` refuses is not consumed.
    @inlinable
    mutating func forEachTimeNumberPair(_ accept: (Int64, JSONNumber) -> Bool) {
        guard var run = beginBulk() else { return }
        while !run.compactTimeNumberPairs(accept), let (time, value, next, element) = run.timeNumberPair(), accept(time, value) {
            run.consume(next, element)
        }
        endBulk(run)
    }

    /// `"<time>"` strings in bulk; the first `accept` refuses is not consumed.
    @inlinable
    mutating func forEachTimeString(_ accept: (Int64) -> Bool) {
        guard var run = beginBulk() else { return }
        while !run.compactTimeStrings(accept), let (time, next, element) = run.timeString(), accept(time) {
            run.consume(next, element)
        }
        endBulk(run)
    }
}
