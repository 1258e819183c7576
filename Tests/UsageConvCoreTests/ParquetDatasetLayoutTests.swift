import Foundation
import PropertyBased
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// How `--partition-by` lays a dataset out.
///
/// Keys, Hive escaping, calendar folders in a zone, stable file names, one schema for every file;
/// reading the dataset back with DuckDB is in the CLI tests.
struct ParquetDatasetLayoutTests {
    static func series(_ times: [Int64], resource: String = "www.example1.com", source: String = "baishan") -> Series {
        let identity = SeriesIdentity(
            source: source,
            resource: resource,
            metric: "bandwidth",
            direction: "out",
            unit: "bit/s",
            kind: .rate,
            step: 3600,
            absent: .unknown
        )
        return Series(identity: identity, times: times, values: times.map { _ in Number(Int64(1)) })
    }

    @Test func keysParseInTheGivenOrderAndRefuseUnknownOrRepeatedOnes() throws {
        #expect(try PartitionKey.list("month,source") == [.month, .source])
        #expect(try PartitionKey.list("source, resource,day") == [.source, .resource, .day])
        for (text, message) in [("source,week", "not 'week'"), ("day,day", "'day' twice"), ("source,", "not ''")] {
            do {
                _ = try PartitionKey.list(text)
                Issue.record("\(text) was accepted")
            } catch let diagnostic as Diagnostic {
                #expect(diagnostic.exitCode == 64)
                #expect(diagnostic.message.contains(message), "\(diagnostic.message)")
            }
        }
    }

    @Test func valuesAreEscapedAsHiveEscapesPathNames() {
        // Hive FileUtils.escapePathName: its character list and control characters; UTF-8 stays.
        #expect(ParquetDataset.escape("www.example1.com") == "www.example1.com")
        #expect(ParquetDataset.escape("vm:9/nic:12") == "vm%3A9%2Fnic%3A12")
        #expect(ParquetDataset.escape("a=b%c") == "a%3Db%25c")
        #expect(ParquetDataset.escape("../x") == "..%2Fx")
        #expect(ParquetDataset.escape("\"#'*?\\^{[]") == "%22%23%27%2A%3F%5C%5E%7B%5B%5D")
        #expect(ParquetDataset.escape("tab\there\u{7F}") == "tab%09here%7F")
        #expect(ParquetDataset.escape("café 日本") == "café 日本")
        #expect(ParquetDataset.escape("") == "__HIVE_DEFAULT_PARTITION__")
    }

    @Test func escapingIsOneFolderNameThatDecodesBackToTheValue() async {
        await propertyCheck(input: Gen.latin1.string(of: 1...24)) { value in
            let escaped = ParquetDataset.escape(value)
            // One path component with no `=` a reader would split `key=value` on.
            #expect(!escaped.contains("/") && !escaped.contains("="))
            #expect(!escaped.utf8.contains { $0 < 0x20 || $0 == 0x7F })
            #expect(escaped.removingPercentEncoding == value)
        }
    }

    @Test func monthAndDayFollowTheUTCCalendarOrTheGivenZone() throws {
        // 2025-03-31T20:00Z and 2025-03-31T22:00Z: March in UTC, 1 April at +05:30.
        let s = Self.series([1_743_451_200, 1_743_458_400, 1_743_552_000])
        var dataset = ParquetDataset(folder: "ds", keys: [.source, .month])
        #expect(dataset.partitions([s]).map(\.path) == ["source=baishan/month=2025-03", "source=baishan/month=2025-04"])
        #expect(dataset.partitions([s]).map { $0.parts.map(\.range) } == [[0..<2], [2..<3]])
        dataset.zone = try ZoneRules(identifier: "+05:30")
        #expect(dataset.partitions([s]).map(\.path) == ["source=baishan/month=2025-04"])
        dataset.keys = [.day]
        #expect(dataset.partitions([s]).map(\.path) == ["day=2025-04-01", "day=2025-04-02"])
        dataset.zone = .utc
        #expect(dataset.partitions([s]).map(\.path) == ["day=2025-03-31", "day=2025-04-02"])
    }

    @Test func partitionsKeepSeriesOrderAndEveryPointOnce() {
        let a = Self.series([0, 3600, 86_400 * 40], resource: "b/1")
        let b = Self.series([7200, 86_400 * 41], resource: "a=2")
        let dataset = ParquetDataset(folder: "ds/", keys: [.month, .resource])
        let parts = dataset.partitions([a, b])
        #expect(dataset.folder == "ds")
        #expect(
            parts.map(\.path) == [
                "month=1970-01/resource=a%3D2", "month=1970-01/resource=b%2F1", "month=1970-02/resource=a%3D2",
                "month=1970-02/resource=b%2F1",
            ]
        )
        #expect(parts.flatMap(\.parts).map(\.range.count).reduce(0, +) == 5)
        // No key splits by time: one range per series.
        let whole = ParquetDataset(folder: "ds", keys: [.source]).partitions([a, b])
        #expect(whole.map(\.path) == ["source=baishan"])
        #expect(whole[0].parts.map(\.series) == [0, 1])
        #expect(whole[0].parts.map(\.range) == [0..<3, 0..<2])
    }

    @Test func fileNamesAreStableAcrossRunsAndDistinctAcrossPartitionsAndShards() {
        let one = ParquetDataset(folder: "ds", keys: [.source, .month], shardIndex: 1, shardCount: 2)
        let two = ParquetDataset(folder: "ds", keys: [.source, .month], shardIndex: 2, shardCount: 2)
        // A golden (FNV-1a 64 then fmix64 of the path, computed apart): a re-run by a later version
        // must give the same names, or readers would see old and new copies until the sweep.
        #expect(one.fileName(partition: "source=baishan/month=2025-03") == "part-1-of-2-77c278a43b0351d7.parquet")
        #expect(two.fileName(partition: "source=baishan/month=2025-03") == "part-2-of-2-77c278a43b0351d7.parquet")
        let months = (1...12).map { one.fileName(partition: "source=baishan/month=2025-\($0 < 10 ? "0" : "")\($0)") }
        #expect(Set(months).count == 12)
        #expect(ParquetDataset.isForeign("part-1-of-3-0011223344556677.parquet", count: 2))
        #expect(!ParquetDataset.isForeign("part-1-of-2-0011223344556677.parquet", count: 2))
        #expect(!ParquetDataset.isForeign("data.parquet", count: 2))
    }

    @Test func everyLabelAFixtureHasIsAColumnOfEveryDatasetFile() throws {
        // Files of different shards have one schema only if every label a decoder writes is known.
        var labels: Set<String> = []
        for provider in ["baishan", "swiftfederation", "surfercloud", "interserver", "onapp"] {
            for path in TestPaths.fixtureFiles(in: provider) {
                guard
                    let result = try? InputDecoding.decode(
                        path: TestPaths.root.appendingPathComponent(path).path,
                        format: nil,
                        options: DecodeOptions()
                    )
                else { continue }
                labels.formUnion(result.series.flatMap(\.labels.keys))
            }
        }
        #expect(labels.contains("billed"), "no fixture has a label: the check would be vacuous")
        #expect(labels.isSubset(of: ParquetDataset.knownLabels), "\(labels.sorted())")
    }

    @Test func aShardReplacesItsOwnFilesAndLeavesOthers() throws {
        let folder = try TemporaryFolder()
        let root = folder.file("ds").path
        let march = Self.series([1_740_787_200, 1_740_790_800])
        let april = Self.series([1_743_465_600])
        var one = ParquetDataset(folder: root + "/", keys: [.source, .month], shardIndex: 1, shardCount: 2)
        one.compression = .none
        let two = ParquetDataset(folder: root, keys: [.source, .month], shardIndex: 2, shardCount: 2)
        let first = try one.write([march, april])
        #expect(
            first.written.map { String($0.dropFirst(root.count)) }.map { $0.components(separatedBy: "/part-")[0] } == [
                "/source=baishan/month=2025-03", "/source=baishan/month=2025-04",
            ]
        )
        let other = try two.write([april])
        #expect(other.written.count == 1 && other.removed.isEmpty)
        let otherBytes = try Data(contentsOf: URL(fileURLWithPath: other.written[0]))
        // Shard 1 no longer has April: its April file goes, shard 2's stays as it was.
        let second = try one.write([march])
        #expect(second.written == [first.written[0]])
        #expect(second.removed == [first.written[1]])
        #expect(!FileManager.default.fileExists(atPath: first.written[1]))
        #expect(try Data(contentsOf: URL(fileURLWithPath: other.written[0])) == otherBytes)
        // A file of another shard count is reported, not touched.
        let stray = root + "/source=baishan/month=2025-03/part-1-of-3-0000000000000000.parquet"
        try Data("x".utf8).write(to: URL(fileURLWithPath: stray))
        #expect(try one.write([march]).foreign == [stray])
        #expect(FileManager.default.fileExists(atPath: stray))
    }
}
