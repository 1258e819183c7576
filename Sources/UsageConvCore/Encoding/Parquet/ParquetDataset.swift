import Glibc

/// A key of `--partition-by`: one folder level `key=value` of a Hive-partitioned dataset.
public enum PartitionKey: String, Sendable, Hashable, CaseIterable {
    /// The series' source (`source=baishan`); the column leaves the files.
    case source
    /// The series' resource (`resource=www.example1.com`, escaped); the column leaves the files.
    case resource
    /// The calendar month of the point's time (`month=2025-03`), UTC unless a zone is given.
    case month
    /// The calendar day of the point's time (`day=2025-03-14`), UTC unless a zone is given.
    case day

    /// Parses `--partition-by`'s text: keys separated by commas, in folder order, each once.
    ///
    /// - Throws: `Diagnostic` `.usage` (exit 64) naming an unknown, empty or repeated key.
    public static func list(_ text: String) throws -> [PartitionKey] {
        var keys: [PartitionKey] = []
        let known = allCases.map(\.rawValue).joined(separator: ", ")
        for name in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = String(name.filter { $0 != " " })
            guard let key = PartitionKey(rawValue: trimmed) else {
                throw Diagnostic.error(.usage, "--partition-by takes \(known) separated by commas, not '\(trimmed)'")
            }
            guard !keys.contains(key) else { throw Diagnostic.error(.usage, "--partition-by names '\(trimmed)' twice") }
            keys.append(key)
        }
        return keys
    }
}

/// Writes rows as a Hive-partitioned Parquet dataset:
/// `DIR/source=baishan/month=2025-03/part-<K>-of-<N>-<hash>.parquet`, one file per partition and
/// shard.
///
/// - **Names.** Every file of shard K of N is `part-K-of-N-<hash>.parquet`, so runs of different
///   shards (on different machines) write disjoint files into one tree and never collide. `<hash>`
///   is 16 hex digits of a 64-bit hash (FNV-1a, then MurmurHash3's finaliser) of the partition path
///   (`source=baishan/month=2025-03`):
///   the name is a function of *where* the rows belong, not of what they are, so a re-run of a
///   shard writes the same names and replaces each file in place with one `rename` (a reader sees
///   the old file or the new one, never both, so never counts a partition twice, and a re-run of
///   unchanged inputs leaves identical names and bytes). A hash of the content or of the input set
///   would give a changed re-run new names, and readers would see old and new copies together until
///   the old ones were removed. The hash keeps names distinct across the dataset when files are
///   copied out of their folders (tools that flatten a tree).
/// - **Replacing a shard.** All new files are written and fsynced as hidden temp files first
///   (`.part-….usageconv-PID-XXXXXX`, which DuckDB's `*.parquet`, Spark and Trino skip), so a
///   failure leaves the dataset as it was; then each is renamed over its target; last the files of
///   this shard that the run no longer produces are removed. Other shards' files are never touched.
/// - **Partition columns.** `source` and `resource`, when they are keys, are left out of the files,
///   as Hive, Spark's `partitionBy` and Trino's Hive connector lay datasets out: readers take them
///   from the folder names. `month` and `day` are no columns (`time` is); readers add them from the
///   folders too. Every file has the same columns, every label any decoder writes included, so
///   readers need no schema merging.
/// - **Escaping.** Values are escaped as Hive's `FileUtils.escapePathName` does: `%` and two
///   upper-case hex digits for control characters and `"#%'*/:=?\^{[]` and DEL; other bytes (UTF-8
///   included) stay. An empty value is `__HIVE_DEFAULT_PARTITION__`, which readers take as null.
public struct ParquetDataset: Sendable {
    /// The dataset's root folder.
    public var folder: String
    /// The folder levels, outermost first.
    public var keys: [PartitionKey]
    /// This run's shard number K (1-based).
    public var shardIndex: Int
    /// The number of shards N.
    public var shardCount: Int
    /// Page compression.
    public var compression: ParquetCompression = .zstd
    /// The most rows in one row group.
    public var rowGroupRows = ParquetWriter.defaultRowGroupRows
    /// The zone whose calendar `month` and `day` follow (`--tz`; UTC by default).
    public var zone: ZoneRules = .utc

    /// Every label a decoder writes (SurferCloud's `billed`): each file has a column for each, null
    /// where a series has none, so every file of every shard has one schema (Spark without
    /// `mergeSchema` and DuckDB without `union_by_name` take the first file's columns).
    public static let knownLabels = ["billed"]

    /// A dataset under `folder` partitioned by `keys`, written as shard `shardIndex` of `shardCount`.
    public init(folder: String, keys: [PartitionKey], shardIndex: Int = 1, shardCount: Int = 1) {
        self.folder = PathText.hasSuffix(folder, "/") && folder.unicodeScalars.count > 1 ? PathText.dropLast(folder, 1) : folder
        self.keys = keys
        self.shardIndex = shardIndex
        self.shardCount = shardCount
    }

    /// What a run wrote and removed.
    public struct Outcome: Sendable {
        /// The files written, sorted.
        public var written: [String]
        /// This shard's earlier files that the run no longer produces, removed.
        public var removed: [String]
        /// Files of other shard counts found in the tree (`part-K-of-M` with another M): readers
        /// would count their rows together with this run's.
        public var foreign: [String]
    }

    /// The prefix of every file name of this shard.
    var namePrefix: String { "part-\(shardIndex)-of-\(shardCount)-" }

    /// The file name of this shard in partition `path`.
    func fileName(partition path: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        // MurmurHash3's fmix64 finaliser: FNV-1a alone leaves paths that differ in their last
        // character (month=2023-10, month=2023-11) with names that differ in a few digits.
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        let hex = String(hash, radix: 16)
        return namePrefix + String(repeating: "0", count: 16 - hex.count) + hex + ".parquet"
    }

    /// Hive's path escaping (`FileUtils.escapePathName`): the characters it lists and control
    /// characters become `%XX`; an empty value is Hive's default partition name.
    public static func escape(_ value: String) -> String {
        if value.isEmpty { return "__HIVE_DEFAULT_PARTITION__" }
        let special = Set("\"#%'*/:=?\\^{[]".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in value.utf8 {
            if byte < 0x20 || byte == 0x7F || special.contains(byte) {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The rows of each partition: its path (relative to the root) and the point ranges of the
    /// series that fall in it, in series order, partitions sorted by path bytes.
    func partitions(_ series: [Series]) -> [(path: String, parts: [(series: Int, range: Range<Int>)])] {
        let byDay = keys.contains(.day)
        let byMonth = keys.contains(.month)
        var parts: [String: [(series: Int, range: Range<Int>)]] = [:]
        for (n, s) in series.enumerated() {
            // The calendar key of a point: its local day number, or its month as year * 12 + month.
            func calendar(_ i: Int) -> (days: Int64, key: Int64) {
                let t = s.times[i]
                let days = UnixTime.floorDiv(t &+ (zone.isUTC ? 0 : zone.offset(atUTC: t)), 86_400)
                if byDay { return (days, days) }
                guard byMonth else { return (days, 0) }
                let (y, m, _) = UnixTime.civil(days: days)
                return (days, Int64(y) * 12 + Int64(m))
            }
            var start = 0
            while start < s.count {
                let first = calendar(start)
                var end = start + 1
                if byDay || byMonth {
                    while end < s.count && calendar(end).key == first.key { end += 1 }
                } else {
                    end = s.count
                }
                parts[path(s.identity, days: first.days), default: []].append((n, start..<end))
                start = end
            }
        }
        return parts.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { ($0.key, $0.value) }
    }

    /// The partition folder of a point of series `identity` on local day `days`.
    private func path(_ identity: SeriesIdentity, days: Int64) -> String {
        keys.map { key in
            let value: String
            switch key {
            case .source: value = identity.source
            case .resource: value = identity.resource
            case .month:
                let (y, m, _) = UnixTime.civil(days: days)
                value = Self.padded(y, 4) + "-" + Self.padded(m, 2)
            case .day:
                var bytes: [UInt8] = []
                UnixTime.writeDate(days: days, to: &bytes)
                value = String(decoding: bytes, as: UTF8.self)
            }
            return key.rawValue + "=" + Self.escape(value)
        }.joined(separator: "/")
    }

    private static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n.magnitude)
        return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Writes `series` (in output order) into the dataset, replacing this shard's files.
    ///
    /// - Throws: `Diagnostic` `.cannotCreateOutput` (73) when a folder or file cannot be made,
    ///   `.ioFailure` (74) when writing fails, `.numberOutOfRange` (65) for a time Parquet cannot
    ///   hold; before the first rename the dataset is then exactly as it was.
    public func write(_ series: [Series]) throws -> Outcome {
        let omitted = Set(keys.filter { $0 == .source || $0 == .resource }.map(\.rawValue))
        let labels = Set(series.flatMap(\.labels.keys)).union(Self.knownLabels).sorted()
        let fields = ParquetWriter.fields(labels: labels, omitting: omitted)
        // A killed earlier run of this shard may have left temp files (no handler runs on SIGKILL).
        let tempPrefix = "." + namePrefix
        TemporaryFiles.removeStale(under: folder) { PathText.hasPrefix($0, tempPrefix) }
        var pending: [AtomicFile] = []
        defer { for file in pending { file.abort() } }
        for (path, parts) in partitions(series) {
            let partFolder = folder + "/" + path
            try OutputFolders.make(partFolder)
            let file = try AtomicFile(path: partFolder + "/" + fileName(partition: path))
            pending.append(file)
            let writer = try ParquetWriter(
                sink: file.sink,
                fields: fields,
                compression: compression,
                rowGroupRows: rowGroupRows,
                keyValues: ParquetEncoder.keyValues
            )
            for (n, range) in parts { try writer.append(series[n], range: range) }
            try writer.finish()
            try file.seal()
        }
        let written = pending.map(\.path)
        for file in pending { try file.commit() }
        pending = []
        // This shard's files that this run did not write are from an earlier run: remove them.
        var removed: [String] = []
        var foreign: [String] = []
        let keep = Set(written)
        for file in DirectoryWalker.files(under: folder, extensions: [".parquet"]) {
            let name = PathText.lastComponent(file)
            if PathText.hasPrefix(name, namePrefix) {
                if !keep.contains(file) && FileName.withCString(file, { unlink($0) }) == 0 { removed.append(file) }
            } else if Self.isForeign(name, count: shardCount) {
                foreign.append(file)
            }
        }
        return Outcome(
            written: DirectoryWalker.byBytes(written),
            removed: DirectoryWalker.byBytes(removed),
            foreign: DirectoryWalker.byBytes(foreign)
        )
    }

    /// Whether `name` is a `part-K-of-M-…` file of another shard count M.
    static func isForeign(_ name: String, count: Int) -> Bool {
        let parts = name.split(separator: "-")
        guard parts.count >= 5, parts[0] == "part", parts[2] == "of", let m = Int(parts[3]) else { return false }
        return m != count
    }
}
