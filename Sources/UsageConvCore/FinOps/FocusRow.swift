/// The columns of a FOCUS 1.0 cost and usage row, in the order usageconv writes them.
///
/// Every column the FOCUS 1.0 specification defines (FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec,
/// tag v1.0, `specification/columns/*.md`): the mandatory ones and the conditional and recommended
/// ones the official validator requires to be present. Names are the specification's Column IDs
/// (`ProviderName`, `ResourceId`), alphabetical as the specification lists them.
public enum FocusColumn: String, Sendable, Hashable, CaseIterable {
    /// Null: the dumps carry no zone.
    case availabilityZone = "AvailabilityZone"
    /// The charge (Decimal, never null).
    case billedCost = "BilledCost"
    /// The billing account (never null).
    case billingAccountId = "BillingAccountId"
    /// The billing account's display name.
    case billingAccountName = "BillingAccountName"
    /// ISO 4217 code (never null).
    case billingCurrency = "BillingCurrency"
    /// Exclusive end of the billing period (never null).
    case billingPeriodEnd = "BillingPeriodEnd"
    /// Inclusive start of the billing period (never null).
    case billingPeriodStart = "BillingPeriodStart"
    /// `Usage` (never null).
    case chargeCategory = "ChargeCategory"
    /// Null: no row corrects an earlier period.
    case chargeClass = "ChargeClass"
    /// What the row is, in words.
    case chargeDescription = "ChargeDescription"
    /// `Usage-Based`.
    case chargeFrequency = "ChargeFrequency"
    /// Exclusive end of the charge (never null).
    case chargePeriodEnd = "ChargePeriodEnd"
    /// Inclusive start of the charge (never null).
    case chargePeriodStart = "ChargePeriodStart"
    /// Null: no commitment-based discounts.
    case commitmentDiscountCategory = "CommitmentDiscountCategory"
    /// Null.
    case commitmentDiscountId = "CommitmentDiscountId"
    /// Null.
    case commitmentDiscountName = "CommitmentDiscountName"
    /// Null.
    case commitmentDiscountStatus = "CommitmentDiscountStatus"
    /// Null.
    case commitmentDiscountType = "CommitmentDiscountType"
    /// How much was used, in `ConsumedUnit`.
    case consumedQuantity = "ConsumedQuantity"
    /// The unit of `ConsumedQuantity` (FOCUS Unit Format: `GB`, `Mb/Second`, `Hours`).
    case consumedUnit = "ConsumedUnit"
    /// The cost at the contracted price (never null).
    case contractedCost = "ContractedCost"
    /// The contracted price of one pricing unit.
    case contractedUnitPrice = "ContractedUnitPrice"
    /// The amortised cost (never null).
    case effectiveCost = "EffectiveCost"
    /// Who invoices (never null).
    case invoiceIssuerName = "InvoiceIssuerName"
    /// The cost at the list price (never null).
    case listCost = "ListCost"
    /// The list price of one pricing unit.
    case listUnitPrice = "ListUnitPrice"
    /// `Standard`.
    case pricingCategory = "PricingCategory"
    /// How much was priced, in `PricingUnit`.
    case pricingQuantity = "PricingQuantity"
    /// The unit prices are per.
    case pricingUnit = "PricingUnit"
    /// Who makes the service available (never null).
    case providerName = "ProviderName"
    /// Who produces the service (never null).
    case publisherName = "PublisherName"
    /// Null: the dumps carry no region.
    case regionId = "RegionId"
    /// Null.
    case regionName = "RegionName"
    /// The series' resource.
    case resourceId = "ResourceId"
    /// The series' resource.
    case resourceName = "ResourceName"
    /// The kind of resource (`CDN Domain`, `Virtual Machine`).
    case resourceType = "ResourceType"
    /// A FOCUS service category (`Networking`, `Compute`; never null).
    case serviceCategory = "ServiceCategory"
    /// The service (never null).
    case serviceName = "ServiceName"
    /// The SKU (the rate card's `sku`).
    case skuId = "SkuId"
    /// The SKU price: one unit price (a tier of the rate).
    case skuPriceId = "SkuPriceId"
    /// Null.
    case subAccountId = "SubAccountId"
    /// Null.
    case subAccountName = "SubAccountName"
    /// Null.
    case tags = "Tags"
}

/// One FOCUS 1.0 row: a value per column, nil for null.
public struct FocusRow: Sendable, Hashable {
    /// The values by column; a column not present is null.
    public var values: [FocusColumn: String]

    /// Creates a row.
    public init(values: [FocusColumn: String] = [:]) {
        self.values = values
    }

    /// The value of `column`, nil for null.
    public subscript(column: FocusColumn) -> String? {
        get { values[column] }
        set { values[column] = newValue }
    }
}
