/// What a successful evaluation of a schema evaluated: the input of the `unevaluated*` keywords.
///
/// A failing schema contributes nothing (its annotations are dropped).
struct SchemaAnnotations: Sendable {
    /// Object members evaluated by `properties`, `patternProperties` and `*Properties` schemas.
    ///
    /// Keyed by code points, as object members are (`JSONKey`).
    var properties: Set<JSONKey> = []
    /// Items `0..<itemPrefix` were evaluated (`prefixItems`, `items`, `unevaluatedItems`).
    var itemPrefix = 0
    /// Further items evaluated one by one (those `contains` matched).
    var items: Set<Int> = []

    /// Whether item `index` was evaluated.
    func evaluatedItem(_ index: Int) -> Bool { index < itemPrefix || items.contains(index) }

    /// Adds what `other` evaluated.
    mutating func merge(_ other: SchemaAnnotations) {
        properties.formUnion(other.properties)
        itemPrefix = max(itemPrefix, other.itemPrefix)
        items.formUnion(other.items)
    }
}
