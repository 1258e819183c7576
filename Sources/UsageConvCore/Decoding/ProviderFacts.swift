/// What a provider's API documents about its dumps, declared by its decoder so that validation,
/// the consistency checks and schema selection ask the registry instead of naming providers.
public struct ProviderFacts: Sendable {
    /// The longest span of points one API call returns.
    public struct CallSpan: Sendable {
        /// The span in seconds.
        public var seconds: Int64
        /// The step the limit is documented for, or `nil` for every step.
        public var step: Int64?
        /// The documented rule, quoted in warnings ("stat/bandwidth returns at most 31 days per call").
        public var rule: String

        /// A limit of `seconds` for points of `step` (all steps when `nil`), documented as `rule`.
        public init(seconds: Int64, step: Int64? = nil, rule: String) {
            self.seconds = seconds
            self.step = step
            self.rule = rule
        }

        /// Whether the limit applies to a series with this step.
        public func applies(toStep seriesStep: Int64) -> Bool { step.map { $0 == seriesStep } ?? true }
    }

    /// The provider's name as invoices print it (FOCUS ProviderName): `Baishan`.
    public var displayName: String?
    /// The service the dumps measure (FOCUS ServiceName): `Baishan CDN`.
    public var serviceName: String?
    /// The FOCUS 1.0 ServiceCategory of that service: `Networking`, `Compute`.
    public var serviceCategory: String?
    /// What a resource is (FOCUS ResourceType): `CDN Domain`.
    public var resourceType: String?
    /// Resource types by the prefix of a resource path's last item (OnApp's `vm:1/disk:7` is a `Disk`).
    public var resourceTypesByPrefix: [String: String]
    /// The resource the decoder names a dump that names none (Baishan `all`): an account total,
    /// not a resource of its own.
    public var accountTotalResource: String?
    /// The bundled JSON Schema (`Schemas/NAME.schema.json`) its JSON dumps are checked against.
    public var schemaName: String?
    /// The longest span one call returns (a longer series was merged or edited; a point beyond it
    /// from the rest is a mistyped time).
    public var callSpan: CallSpan?
    /// Tighter limits for finer steps (Baishan serves 5-minute points for at most 10 days).
    public var granularitySpans: [CallSpan]
    /// Whether the decoder reports points off the step grid itself, or its samples are jittered
    /// by nature, so `validate` does not check the grid again.
    public var checksItsOwnGrid: Bool

    /// Facts for a provider; everything unknown by default.
    public init(
        displayName: String? = nil,
        serviceName: String? = nil,
        serviceCategory: String? = nil,
        resourceType: String? = nil,
        resourceTypesByPrefix: [String: String] = [:],
        accountTotalResource: String? = nil,
        schemaName: String? = nil,
        callSpan: CallSpan? = nil,
        granularitySpans: [CallSpan] = [],
        checksItsOwnGrid: Bool = false
    ) {
        self.displayName = displayName
        self.serviceName = serviceName
        self.serviceCategory = serviceCategory
        self.resourceType = resourceType
        self.resourceTypesByPrefix = resourceTypesByPrefix
        self.accountTotalResource = accountTotalResource
        self.schemaName = schemaName
        self.callSpan = callSpan
        self.granularitySpans = granularitySpans
        self.checksItsOwnGrid = checksItsOwnGrid
    }
}

extension UsageDecoder {
    /// No documented facts: the consistency checks that need them are skipped.
    public var facts: ProviderFacts { ProviderFacts() }
}
