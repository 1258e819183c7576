import JSONStream
import UsageConvDiagnostics

/// Applicator and unevaluated keywords: they apply subschemas and gather annotations.
extension SchemaEvaluator {
    /// Applies `keyword` if it applies subschemas (nil otherwise); false when it fails.
    mutating func applyApplicator(
        _ keyword: SchemaKeyword,
        _ context: KeywordContext,
        _ annotations: inout SchemaAnnotations,
        _ out: inout [SchemaViolation]
    ) throws(Diagnostic) -> Bool? {
        let instance = context.instance
        let here = context.path
        switch keyword {
        case .allOf(let nodes):
            var valid = true
            for (index, node) in nodes.enumerated() {
                if let result = try evaluate(
                    node,
                    instance,
                    at: context.pointer,
                    path: "\(here)/allOf/\(index)",
                    into: &out
                ) {
                    annotations.merge(result)
                } else {
                    valid = false
                }
            }
            return valid
        case .anyOf(let nodes):
            // Every branch runs: annotations come from all that pass, not just the first.
            let (passed, failures) = try branches(nodes, "anyOf", context, &annotations)
            if passed > 0 { return true }
            out.append(
                context.violation(
                    "anyOf",
                    "expected a match with at least one of \(nodes.count) subschemas, found none matching"
                        + Self.closest(failures, at: context.pointer)
                )
            )
            return false
        case .oneOf(let nodes):
            var kept = SchemaAnnotations()
            let (passed, failures) = try branches(nodes, "oneOf", context, &kept)
            if passed == 1 {
                annotations.merge(kept)
                return true
            }
            out.append(
                context.violation(
                    "oneOf",
                    "expected a match with exactly one of \(nodes.count) subschemas, found \(passed) matching"
                        + (passed == 0 ? Self.closest(failures, at: context.pointer) : "")
                )
            )
            return false
        case .not(let node):
            var ignored: [SchemaViolation] = []
            guard try evaluate(node, instance, at: context.pointer, path: here + "/not", into: &ignored) != nil else {
                return true
            }
            out.append(
                context.violation("not", "expected a value the \"not\" subschema rejects, found \(instance.described)")
            )
            return false
        case .conditional(let condition, let thenNode, let elseNode):
            var ignored: [SchemaViolation] = []
            if let result = try evaluate(condition, instance, at: context.pointer, path: here + "/if", into: &ignored) {
                annotations.merge(result)
                guard let thenNode else { return true }
                return try applyAll([(thenNode, here + "/then")], context, &annotations, &out)
            }
            guard let elseNode else { return true }
            return try applyAll([(elseNode, here + "/else")], context, &annotations, &out)
        case .dependentSchemas(let dependencies):
            guard case .object(let object) = instance else { return true }
            let applicable = dependencies.filter { object[$0.0] != nil }.map {
                ($0.1, "\(here)/dependentSchemas/\(JSONPointer.escape($0.0))")
            }
            return try applyAll(applicable, context, &annotations, &out)
        case .propertyNames(let node):
            guard case .object(let object) = instance else { return true }
            var valid = true
            for name in object.keys {
                var nameViolations: [SchemaViolation] = []
                if try evaluate(
                    node,
                    .string(name),
                    at: context.pointer,
                    path: here + "/propertyNames",
                    into: &nameViolations
                ) == nil {
                    valid = false
                    for violation in nameViolations {
                        var renamed = violation
                        renamed.message = "property name \(JSONValue.quoted(name)): " + violation.message
                        out.append(renamed)
                    }
                }
            }
            return valid
        default:
            if let result = try applyArrayApplicator(keyword, context, &annotations, &out) { return result }
            return try applyObjectApplicator(keyword, context, &annotations, &out)
        }
    }

    /// Runs every branch; returns how many passed (merging their annotations) and the violations
    /// of each branch that failed, by branch index.
    private mutating func branches(
        _ nodes: [Int],
        _ name: String,
        _ context: KeywordContext,
        _ annotations: inout SchemaAnnotations
    )
        throws(Diagnostic) -> (passed: Int, failures: [(branch: Int, violations: [SchemaViolation])])
    {
        var passed = 0
        var failures: [(branch: Int, violations: [SchemaViolation])] = []
        for (index, node) in nodes.enumerated() {
            var violations: [SchemaViolation] = []
            if let result = try evaluate(
                node,
                context.instance,
                at: context.pointer,
                path: "\(context.path)/\(name)/\(index)",
                into: &violations
            ) {
                passed += 1
                annotations.merge(result)
            } else {
                failures.append((index, violations))
            }
        }
        return (passed, failures)
    }

    /// `; closest: branch N fails KEYWORD at POINTER: MESSAGE` for the failed branch that came
    /// nearest to matching, so a user sees why the value they meant is refused.
    ///
    /// Nearest: a branch that accepted the value's type (no `type`/`const`/`enum` failure on the
    /// value itself) beats one that did not; then the one whose first failure lies deepest in the
    /// instance (it matched more on the way); then the one with fewest failures; then the first.
    static func closest(_ failures: [(branch: Int, violations: [SchemaViolation])], at pointer: String) -> String {
        func depth(_ violation: SchemaViolation) -> Int { violation.instancePointer.split(separator: "/").count }
        func rejectsKind(_ violations: [SchemaViolation]) -> Bool {
            violations.contains { $0.instancePointer == pointer && ["type", "const", "enum", "false"].contains($0.keyword) }
        }
        let candidates = failures.filter { !$0.violations.isEmpty }
        guard
            let best = candidates.min(by: { a, b in
                let ka = rejectsKind(a.violations)
                let kb = rejectsKind(b.violations)
                if ka != kb { return !ka }
                let da = a.violations.map(depth).max() ?? 0
                let db = b.violations.map(depth).max() ?? 0
                if da != db { return da > db }
                if a.violations.count != b.violations.count { return a.violations.count < b.violations.count }
                return a.branch < b.branch
            }),
            let first = best.violations.max(by: { depth($0) < depth($1) })
        else { return "" }
        let place = first.instancePointer == pointer ? "" : " at #\(first.instancePointer)"
        return "; closest: branch \(best.branch) fails \(first.keyword)\(place): \(first.message)"
    }

    /// Applies each (node, path) to the instance itself; false if any fails.
    private mutating func applyAll(
        _ targets: [(Int, String)],
        _ context: KeywordContext,
        _ annotations: inout SchemaAnnotations,
        _ out: inout [SchemaViolation]
    ) throws(Diagnostic) -> Bool {
        var valid = true
        for (node, path) in targets {
            if let result = try evaluate(node, context.instance, at: context.pointer, path: path, into: &out) {
                annotations.merge(result)
            } else {
                valid = false
            }
        }
        return valid
    }

    private mutating func applyArrayApplicator(
        _ keyword: SchemaKeyword,
        _ context: KeywordContext,
        _ annotations: inout SchemaAnnotations,
        _ out: inout [SchemaViolation]
    ) throws(Diagnostic) -> Bool? {
        let here = context.path
        switch keyword {
        case .prefixItems(let nodes):
            guard case .array(let items) = context.instance else { return true }
            var valid = true
            for index in 0..<min(nodes.count, items.count) {
                let item = JSONPointer.appending(context.pointer, String(index))
                if try evaluate(nodes[index], items[index], at: item, path: "\(here)/prefixItems/\(index)", into: &out)
                    == nil
                {
                    valid = false
                }
            }
            annotations.itemPrefix = max(annotations.itemPrefix, min(nodes.count, items.count))
            return valid
        case .items(let node, let after):
            guard case .array(let items) = context.instance else { return true }
            var valid = true
            for index in items.indices where index >= after {
                let item = JSONPointer.appending(context.pointer, String(index))
                if try evaluate(node, items[index], at: item, path: here + "/items", into: &out) == nil {
                    valid = false
                }
            }
            annotations.itemPrefix = max(annotations.itemPrefix, items.count)
            return valid
        case .contains(let node, let minimum, let maximum):
            guard case .array(let items) = context.instance else { return true }
            var matched: [Int] = []
            for index in items.indices {
                var ignored: [SchemaViolation] = []
                let item = JSONPointer.appending(context.pointer, String(index))
                if try evaluate(node, items[index], at: item, path: here + "/contains", into: &ignored) != nil {
                    matched.append(index)
                }
            }
            annotations.items.formUnion(matched)
            if matched.count < minimum {
                let keyword = minimum == 1 ? "contains" : "minContains"
                out.append(
                    context.violation(
                        keyword,
                        "expected at least \(minimum) items matching \"contains\", found \(matched.count)"
                    )
                )
                return false
            }
            if let maximum, matched.count > maximum {
                out.append(
                    context.violation(
                        "maxContains",
                        "expected at most \(maximum) items matching \"contains\", found \(matched.count)"
                    )
                )
                return false
            }
            return true
        case .unevaluatedItems(let node):
            guard case .array(let items) = context.instance else { return true }
            var valid = true
            for index in items.indices where !annotations.evaluatedItem(index) {
                let item = JSONPointer.appending(context.pointer, String(index))
                if try evaluate(node, items[index], at: item, path: here + "/unevaluatedItems", into: &out) == nil {
                    valid = false
                }
            }
            annotations.itemPrefix = items.count
            return valid
        default:
            return nil
        }
    }

    private mutating func applyObjectApplicator(
        _ keyword: SchemaKeyword,
        _ context: KeywordContext,
        _ annotations: inout SchemaAnnotations,
        _ out: inout [SchemaViolation]
    ) throws(Diagnostic) -> Bool? {
        let here = context.path
        switch keyword {
        case .properties(let properties):
            guard case .object(let object) = context.instance else { return true }
            var valid = true
            for (name, node) in properties {
                guard let value = object[name] else { continue }
                let member = JSONPointer.appending(context.pointer, name)
                if try evaluate(
                    node,
                    value,
                    at: member,
                    path: "\(here)/properties/\(JSONPointer.escape(name))",
                    into: &out
                ) == nil {
                    valid = false
                }
                annotations.properties.insert(JSONKey(name))
            }
            return valid
        case .patternProperties(let patterns):
            guard case .object(let object) = context.instance else { return true }
            var valid = true
            for (name, value) in object.members {
                for (pattern, node) in patterns where pattern.matches(name) {
                    let member = JSONPointer.appending(context.pointer, name)
                    let path = "\(here)/patternProperties/\(JSONPointer.escape(pattern.source))"
                    if try evaluate(node, value, at: member, path: path, into: &out) == nil { valid = false }
                    annotations.properties.insert(JSONKey(name))
                }
            }
            return valid
        case .additionalProperties(let node, let names, let patterns):
            guard case .object(let object) = context.instance else { return true }
            var valid = true
            for (name, value) in object.members
            where !names.contains(JSONKey(name)) && !patterns.contains(where: { $0.matches(name) }) {
                let member = JSONPointer.appending(context.pointer, name)
                if try evaluate(node, value, at: member, path: here + "/additionalProperties", into: &out) == nil {
                    valid = false
                }
                annotations.properties.insert(JSONKey(name))
            }
            return valid
        case .unevaluatedProperties(let node):
            guard case .object(let object) = context.instance else { return true }
            var valid = true
            for (name, value) in object.members where !annotations.properties.contains(JSONKey(name)) {
                let member = JSONPointer.appending(context.pointer, name)
                if try evaluate(node, value, at: member, path: here + "/unevaluatedProperties", into: &out) == nil {
                    valid = false
                }
            }
            annotations.properties.formUnion(object.keys.map(JSONKey.init))
            return valid
        default:
            return nil
        }
    }
}
