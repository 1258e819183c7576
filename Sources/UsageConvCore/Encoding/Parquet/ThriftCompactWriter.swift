/// Writes Thrift structures in the compact protocol, the encoding of every Parquet footer and page
/// header.
///
/// Reference: Apache Thrift, `doc/specs/thrift-compact-protocol.md` (apache/thrift). What Parquet
/// needs of it:
/// - integers (i16, i32, i64) are ZigZag-encoded, then written as ULEB128 varints;
/// - a field header is one byte `delta << 4 | type` when the field id is 1...15 above the previous
///   field's id in the same struct, else the type byte followed by the id as a ZigZag varint;
/// - a boolean field carries its value in the header's type (1 true, 2 false) and no body;
/// - binary and string are a varint length and the bytes;
/// - a list header is `size << 4 | elementType` for fewer than 15 elements, else `0xF0 | elementType`
///   and the size as a varint; struct elements follow one after the other;
/// - a struct ends with a stop byte 0, and field ids restart from 0 inside each nested struct.
///
/// Only writing is needed: usageconv never reads Parquet.
struct ThriftCompactWriter {
    /// The compact protocol's type codes (field headers and list headers).
    enum FieldType: UInt8 {
        case booleanTrue = 1
        case booleanFalse = 2
        case byte = 3
        case i16 = 4
        case i32 = 5
        case i64 = 6
        case double = 7
        case binary = 8
        case list = 9
        case set = 10
        case map = 11
        case `struct` = 12
    }

    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []
    /// The previous field id of each open struct (the innermost last).
    private var lastFieldIDs: [Int16] = [0]

    /// An empty writer at the top level (inside the implicit outermost struct).
    init() {}

    // MARK: Fields

    /// Writes an i32 field (Thrift enums are i32 too).
    mutating func field(_ id: Int16, i32 value: Int32) {
        fieldHeader(id, .i32)
        writeVarint(zigzag(Int64(value)))
    }

    /// Writes an i64 field.
    mutating func field(_ id: Int16, i64 value: Int64) {
        fieldHeader(id, .i64)
        writeVarint(zigzag(value))
    }

    /// Writes an i8 (byte) field.
    mutating func field(_ id: Int16, i8 value: Int8) {
        fieldHeader(id, .byte)
        bytes.append(UInt8(bitPattern: value))
    }

    /// Writes a boolean field: the value is the header's type.
    mutating func field(_ id: Int16, bool value: Bool) {
        fieldHeader(id, value ? .booleanTrue : .booleanFalse)
    }

    /// Writes a binary field.
    mutating func field(_ id: Int16, binary value: some Collection<UInt8>) {
        fieldHeader(id, .binary)
        writeBinary(value)
    }

    /// Writes a string field (UTF-8 binary).
    mutating func field(_ id: Int16, string value: String) {
        field(id, binary: Array(value.utf8))
    }

    /// Writes a struct field whose members `body` writes.
    mutating func field(_ id: Int16, struct body: (inout ThriftCompactWriter) -> Void) {
        fieldHeader(id, .struct)
        writeStruct(body)
    }

    /// Writes a list-of-structs field, one struct per element of `elements`.
    mutating func field<Element>(
        _ id: Int16,
        structs elements: [Element],
        _ body: (inout ThriftCompactWriter, Element) -> Void
    ) {
        fieldHeader(id, .list)
        listHeader(count: elements.count, elementType: .struct)
        for element in elements { writeStruct { body(&$0, element) } }
    }

    /// Writes a list-of-i32 field (lists of Parquet enums).
    mutating func field(_ id: Int16, i32s elements: [Int32]) {
        fieldHeader(id, .list)
        listHeader(count: elements.count, elementType: .i32)
        for element in elements { writeVarint(zigzag(Int64(element))) }
    }

    /// Writes a list-of-strings field.
    mutating func field(_ id: Int16, strings elements: [String]) {
        fieldHeader(id, .list)
        listHeader(count: elements.count, elementType: .binary)
        for element in elements { writeBinary(Array(element.utf8)) }
    }

    /// Writes a struct's members, then its stop byte; used for the top-level struct as well.
    mutating func writeStruct(_ body: (inout ThriftCompactWriter) -> Void) {
        lastFieldIDs.append(0)
        body(&self)
        bytes.append(0)  // stop
        lastFieldIDs.removeLast()
    }

    // MARK: Encoding primitives

    private mutating func fieldHeader(_ id: Int16, _ type: FieldType) {
        let last = lastFieldIDs[lastFieldIDs.count - 1]
        let delta = Int(id) - Int(last)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeVarint(zigzag(Int64(id)))
        }
        lastFieldIDs[lastFieldIDs.count - 1] = id
    }

    private mutating func listHeader(count: Int, elementType: FieldType) {
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            writeVarint(UInt64(count))
        }
    }

    private mutating func writeBinary(_ value: some Collection<UInt8>) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// ULEB128: seven bits at a time, low first, the high bit set on every byte but the last.
    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// ZigZag maps signed to unsigned so small magnitudes stay short: 0, -1, 1, -2 → 0, 1, 2, 3.
    func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }
}
