extension Array where Element == UInt8 {
    /// Appends the bytes of `values` as they lie in memory, in one copy: Parquet's PLAIN encoding
    /// of a page of `Int64`s or `Double`s (little-endian, as every platform Swift on Linux targets is).
    ///
    /// Here rather than in the Parquet writer so the core holds no pointer code (`package`: not
    /// for library users).
    package mutating func appendMemoryBytes<T: BitwiseCopyable>(of values: ArraySlice<T>) {
        values.withUnsafeBytes { append(contentsOf: $0) }
    }
}
