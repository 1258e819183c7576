import JSONStream
import UsageConvValues

/// A parsed JSON document as a tree, for schemas and the instances they check.
///
/// The streaming `JSONReader` never builds trees; JSON Schema needs one because keywords look at
/// the same value many times (`anyOf` branches, `unevaluatedProperties`, `$ref` targets).
public enum JSONValue: Sendable, Hashable {
    /// `null`
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, exact when the text had at most 19 significant digits (see `Number`).
    case number(Number)
    /// A string, escapes decoded.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, members in document order.
    case object(JSONObject)

    /// The JSON Schema type name: `null`, `boolean`, `number`, `string`, `array`, `object`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The string value, or nil.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The object, or nil.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The array, or nil.
    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The number, or nil.
    public var numberValue: Number? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// JSON equality: numbers by value (`1.0 == 1`), strings by code points (Swift's `==` would
    /// call `"\u{e9}"` and `"e\u{301}"` equal), objects regardless of member order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a.utf8.elementsEqual(b.utf8)
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a == b
        default: false
        }
    }

    /// Hashes consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let flag): hasher.combine(flag)
        case .number(let number): hasher.combine(number)
        case .string(let text): hasher.combine(JSONKey(text))
        case .array(let items): hasher.combine(items)
        case .object(let object): hasher.combine(object)
        }
    }
}

/// An object key compared by its UTF-8 bytes, so keys that differ only in Unicode normalization stay
/// distinct members (as they are in JSON).
struct JSONKey: Hashable, Sendable {
    var text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: JSONKey, rhs: JSONKey) -> Bool { lhs.text.utf8.elementsEqual(rhs.text.utf8) }

    func hash(into hasher: inout Hasher) {
        for byte in text.utf8 { hasher.combine(byte) }
    }
}

/// A JSON object: members in document order plus a lookup table (keys are unique: the reader
/// rejects duplicates).
public struct JSONObject: Sendable, Hashable {
    /// The keys in document order.
    public private(set) var keys: [String] = []
    private var table: [JSONKey: JSONValue] = [:]

    /// An empty object.
    public init() {}

    /// The number of members.
    public var count: Int { keys.count }

    /// The member named `key`, or nil.
    public subscript(key: String) -> JSONValue? { table[JSONKey(key)] }

    /// Adds or replaces a member (a replaced key keeps its first position).
    public mutating func set(_ key: String, _ value: JSONValue) {
        if table.updateValue(value, forKey: JSONKey(key)) == nil { keys.append(key) }
    }

    /// The members in document order.
    public var members: [(key: String, value: JSONValue)] {
        keys.compactMap { key in table[JSONKey(key)].map { (key, $0) } }
    }

    /// Equal when both have the same keys with equal values; order does not matter.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.table == rhs.table
    }

    /// Hashes the members regardless of their order.
    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine a commutative sum of the members' own hashes.
        var sum = 0
        for (key, value) in table {
            var member = Hasher()
            member.combine(key)
            member.combine(value)
            sum = sum &+ member.finalize()
        }
        hasher.combine(sum)
    }
}
