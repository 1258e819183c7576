import Foundation
import PropertyBased
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// `SeriesMerger.merge` of stored parts whose time ranges do not overlap (an archive of
/// consecutive windows): the parts are laid end to end (``ConcatenatedPoints``) instead of
/// k-way merged, with the same points, warnings and null times as the merge of their columns;
/// parts that touch, overlap or hold nulls still go through the merge.
struct DisjointMergeTests {
    /// A stored or column part of `StoredMergeTests.identity` with the given slots (nulls at `nulls`).
    static func part(_ slots: [Int64], nulls: Set<Int64> = [], code: Int64, index: Int, store: PointStore?) throws -> Series {
        var builder = SeriesBuilder(identity: StoredMergeTests.identity, location: SourceLocation(path: "$.data"), store: store)
        for slot in Set(slots).sorted() {
            let time = 1_700_000_000 + slot * 300
            if nulls.contains(slot) {
                builder.appendNull(time: time)
            } else {
                builder.append(time: time, value: PointStoreTests.value(code + slot) ?? Number(slot))
            }
        }
        var series = try builder.finish(duplicates: .last).series
        series.meta = ["part": "\(index)"]
        series.origin = SourceLocation(path: "$.data").inFile("dump-\(index).json", entry: nil)
        return series
    }

    /// Random consecutive windows (two or more: one part is the series as it is), listed in a
    /// shuffled order: laid end to end, they read as the merge of their columns, and a page never
    /// holds more than the page size.
    @Test func disjointPartsAreLaidEndToEnd() async throws {
        let folder = try TemporaryFolder()
        await propertyCheck(
            input: Gen.int64(in: 1...30).array(of: 2...8),
            Gen.int64(in: 1...5).array(of: 8),
            Gen.int64(in: 0...1_000),
            Gen.int(in: 1...7)
        ) { lengths, gaps, seed, pageSize in
            let store = PointStore(memoryLimit: 1024, directory: folder.url.path)
            var windows: [[Int64]] = []
            var next: Int64 = 0
            for (index, length) in lengths.enumerated() {
                windows.append(Array(next..<(next + length)))
                next += length + gaps[index] - 1
            }
            // Listed out of time order, as dumps are by their latest time and path.
            let order = windows.indices.sorted { ($0 * 7 + Int(seed)) % windows.count < ($1 * 7 + Int(seed)) % windows.count }
            let columns = try order.map { try Self.part(windows[$0], code: seed, index: $0, store: nil) }
            let stored = try order.map { try Self.part(windows[$0], code: seed, index: $0, store: store) }
            for policy in DuplicatePolicy.allCases {
                #expect(StoredMergeTests.merge(stored, policy) == StoredMergeTests.merge(columns, policy), "\(windows) \(policy)")
            }
            let merged = try SeriesMerger.merge(stored, duplicates: .error).series
            guard merged.count == 1, var joined = merged[0].stored as? ConcatenatedPoints else {
                Issue.record("\(windows): not laid end to end")
                return
            }
            #expect(joined.count == windows.reduce(0) { $0 + $1.count })
            #expect(joined.firstTime == 1_700_000_000 && joined.lastTime == 1_700_000_000 + (windows.last?.last ?? 0) * 300)
            joined.pageSize = pageSize
            var times: [Int64] = []
            var sizes: [Int] = []
            try joined.forEachPage { page in
                times += page.times
                sizes.append(page.count)
            }
            #expect(times == windows.flatMap { $0.map { 1_700_000_000 + $0 * 300 } })
            // Full pages across part boundaries; only the last may be short.
            #expect(sizes.dropLast().allSatisfy { $0 == pageSize } && (sizes.last ?? 0) <= pageSize)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    /// Parts that share a time (touching windows), overlap, hold a null or sit in columns are
    /// merged point by point, as before, and still give the columns' result.
    @Test func touchingOverlappingOrNullPartsAreMerged() throws {
        let folder = try TemporaryFolder()
        let store = PointStore(memoryLimit: 1024, directory: folder.url.path)
        let cases: [(name: String, windows: [[Int64]], nulls: Set<Int64>)] = [
            ("touching", [Array(0..<10), Array(9..<20)], []),
            ("overlapping", [Array(0..<10), Array(5..<20), Array(30..<40)], []),
            ("nested", [Array(0..<40), Array(10..<12)], []),
            ("null", [Array(0..<10), Array(10..<20)], [12]),
        ]
        for (name, windows, nulls) in cases {
            let columns = try windows.enumerated().map { try Self.part($1, nulls: nulls, code: 3, index: $0, store: nil) }
            let stored = try windows.enumerated().map { try Self.part($1, nulls: nulls, code: 3, index: $0, store: store) }
            for policy in DuplicatePolicy.allCases {
                #expect(StoredMergeTests.merge(stored, policy) == StoredMergeTests.merge(columns, policy), "\(name) \(policy)")
            }
            let merged = try SeriesMerger.merge(stored, duplicates: .last).series
            #expect(merged.count == 1 && merged[0].stored != nil && !(merged[0].stored is ConcatenatedPoints), "\(name)")
        }
        // A part in columns beside stored ones: merged, not laid end to end.
        let mixed = [
            try Self.part(Array(0..<10), code: 3, index: 0, store: nil),
            try Self.part(Array(20..<30), code: 3, index: 1, store: store),
        ]
        let merged = try SeriesMerger.merge(mixed, duplicates: .last).series
        #expect(merged.count == 1 && !(merged[0].stored is ConcatenatedPoints))
        #expect(try merged[0].materialized().times.count == 20)
    }
}
