/// Library-wide constants.
public enum UsageConvCore {
    /// The version printed by `usageconv --version` and written into JSON output.
    public static let version = "0.1.0"
}
