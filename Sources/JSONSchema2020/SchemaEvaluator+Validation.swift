import JSONStream
import UsageConvDiagnostics
import UsageConvValues

/// Validation keywords: assertions on the instance itself.
extension SchemaEvaluator {
    /// Applies an assertion keyword; false (with a violation) when it fails.
    func applyValidation(_ keyword: SchemaKeyword, _ context: KeywordContext, _ out: inout [SchemaViolation]) -> Bool {
        guard let message = failure(of: keyword, context.instance) else { return true }
        out.append(context.violation(keyword.name, message))
        return false
    }

    /// The message for a failed assertion, or nil when it holds (or does not apply to this type).
    private func failure(of keyword: SchemaKeyword, _ instance: JSONValue) -> String? {
        switch keyword {
        case .type(let names):
            if names.contains(where: { SchemaEvaluator.hasType(instance, $0) }) { return nil }
            return "expected \(names.joined(separator: " or ")), found \(instance.described)"
        case .enumeration(let values):
            if values.contains(instance) { return nil }
            return "expected one of \(JSONValue.array(values).jsonText()), found \(instance.described)"
        case .const(let value):
            return value == instance ? nil : "expected \(value.jsonText()), found \(instance.described)"
        case .uniqueItems:
            guard case .array(let items) = instance else { return nil }
            for (index, item) in items.enumerated() {
                if let earlier = items[..<index].firstIndex(of: item) {
                    return "expected unique items, found \(item.jsonText()) at \(earlier) and \(index)"
                }
            }
            return nil
        default:
            if case .number(let number) = instance { return numberFailure(keyword, number) }
            if case .string(let text) = instance { return stringFailure(keyword, text) }
            if case .array(let items) = instance { return arrayFailure(keyword, items) }
            if case .object(let object) = instance { return objectFailure(keyword, object) }
            return nil
        }
    }

    /// Whether `instance` is of the JSON Schema type `name` (`integer`: any whole number, `1.0` too).
    static func hasType(_ instance: JSONValue, _ name: String) -> Bool {
        switch (name, instance) {
        case ("integer", .number(let number)): number.isIntegral
        default: name == instance.typeName
        }
    }

    private func numberFailure(_ keyword: SchemaKeyword, _ number: Number) -> String? {
        switch keyword {
        case .multipleOf(let divisor):
            number.isMultiple(of: divisor) ? nil : "expected a multiple of \(divisor), found \(number)"
        case .maximum(let limit):
            number <= limit ? nil : "expected at most \(limit), found \(number)"
        case .exclusiveMaximum(let limit):
            number < limit ? nil : "expected less than \(limit), found \(number)"
        case .minimum(let limit):
            number >= limit ? nil : "expected at least \(limit), found \(number)"
        case .exclusiveMinimum(let limit):
            number > limit ? nil : "expected more than \(limit), found \(number)"
        default:
            nil
        }
    }

    private func stringFailure(_ keyword: SchemaKeyword, _ text: String) -> String? {
        switch keyword {
        case .maxLength(let limit):
            // Lengths count code points, as the spec says (not UTF-16 units, not grapheme clusters).
            text.unicodeScalars.count <= limit
                ? nil : "expected at most \(limit) characters, found \(text.unicodeScalars.count)"
        case .minLength(let limit):
            text.unicodeScalars.count >= limit
                ? nil : "expected at least \(limit) characters, found \(text.unicodeScalars.count)"
        case .pattern(let pattern):
            pattern.matches(text)
                ? nil : "expected a string matching /\(pattern.source)/, found \(JSONValue.string(text).jsonText())"
        default:
            nil
        }
    }

    private func arrayFailure(_ keyword: SchemaKeyword, _ items: [JSONValue]) -> String? {
        switch keyword {
        case .maxItems(let limit):
            items.count <= limit ? nil : "expected at most \(limit) items, found \(items.count)"
        case .minItems(let limit):
            items.count >= limit ? nil : "expected at least \(limit) items, found \(items.count)"
        default:
            nil
        }
    }

    private func objectFailure(_ keyword: SchemaKeyword, _ object: JSONObject) -> String? {
        switch keyword {
        case .maxProperties(let limit):
            return object.count <= limit ? nil : "expected at most \(limit) properties, found \(object.count)"
        case .minProperties(let limit):
            return object.count >= limit ? nil : "expected at least \(limit) properties, found \(object.count)"
        case .required(let names):
            let missing = names.filter { object[$0] == nil }
            if missing.isEmpty { return nil }
            return
                "expected the properties \(missing.map(JSONValue.quoted).joined(separator: ", ")), found them missing"
        case .dependentRequired(let dependencies):
            for (name, required) in dependencies where object[name] != nil {
                let missing = required.filter { object[$0] == nil }
                if !missing.isEmpty {
                    return
                        "expected \(missing.map(JSONValue.quoted).joined(separator: ", ")) since \(JSONValue.quoted(name))"
                        + " is present, found them missing"
                }
            }
            return nil
        default:
            return nil
        }
    }
}
