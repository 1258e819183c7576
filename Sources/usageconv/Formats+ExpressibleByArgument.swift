import ArgumentParser
import UsageConvCore

extension OutputFormat: ExpressibleByArgument {}
extension TimeFormat: ExpressibleByArgument {}
extension DuplicatePolicy: ExpressibleByArgument {}
extension DecodeOptions.Label: ExpressibleByArgument {}
extension FillMethod: ExpressibleByArgument {}
extension Aggregation: ExpressibleByArgument {}
