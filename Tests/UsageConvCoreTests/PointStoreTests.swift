import Foundation
import PropertyBased
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// ``PointStore`` and ``SeriesBuilder``'s store mode: under a tiny budget (a spill every few
/// points, sort runs of ten points) they finish to exactly the points, warnings and errors of the
/// columns' path, and leave no file behind.
struct PointStoreTests {
    static let identity = SeriesIdentity(
        source: "baishan",
        resource: "example.com",
        metric: "bandwidth",
        direction: "out",
        unit: "bit/s",
        kind: .rate,
        step: 300,
        absent: .zero
    )

    /// A value from a code: decimals with several exponents, binary doubles, or a null.
    static func value(_ code: Int64) -> Number? {
        switch code % 5 {
        case 0: Number(significand: code / 5, exponent: -Int(code % 3))
        case 1: Number(significand: -(code / 5), exponent: 2)
        case 2: Number(Double(code) / 7)
        case 3: code % 2 == 0 ? nil : Number(code / 5)
        default: Number(code % 4)
        }
    }

    /// What a builder ended with: the series (stored points read into columns) and warnings, or
    /// the error.
    struct Outcome: Equatable {
        var series: Series?
        var nullTimes: [Int64] = []
        var warnings: [String] = []
        var error: String? = nil
        var step: Int64 = 0
        var offGrid = 0
        var firstOffGrid: Int64? = nil
    }

    static func run(
        _ points: [(Int64, Number?)],
        store: PointStore?,
        policy: DuplicatePolicy,
        shift: Bool,
        reportIdentical: Bool = true,
        split: Int = 0
    ) -> Outcome {
        var builder = SeriesBuilder(identity: identity, location: SourceLocation(path: "$.data"), store: store)
        var other = SeriesBuilder(identity: identity, location: SourceLocation(path: "$.data"), store: store)
        for (index, (time, value)) in points.enumerated() {
            if index < split {
                if let value { other.append(time: time, value: value) } else { other.appendNull(time: time) }
            } else if let value {
                builder.append(time: time, value: value)
            } else {
                builder.appendNull(time: time)
            }
        }
        if split > 0 {
            other.append(contentsOf: builder)
            builder = other
        }
        var outcome = Outcome()
        do {
            let inferred = try builder.inferStep(fallback: 300)
            (outcome.step, outcome.offGrid, outcome.firstOffGrid) = inferred
            if shift { builder.shiftTimes(by: -inferred.step) }
            let (series, warnings) = try builder.finish(duplicates: policy, reportIdentical: reportIdentical)
            if store != nil { #expect((series.stored != nil) == (builder.count > 0) && series.count == 0) }
            let columns = try series.materialized()
            #expect(columns.pointCount == series.pointCount)
            outcome.series = columns
            outcome.nullTimes = columns.nullTimes
            outcome.warnings = warnings.map(\.description)
        } catch {
            outcome.error = "\(error)"
        }
        return outcome
    }

    @Test func storeModeFinishesAsTheColumnsDo() async throws {
        let folder = try TemporaryFolder()
        await propertyCheck(
            input: Gen.int64(in: 0...40).array(of: 0...90),
            Gen.int64(in: 0...60).array(of: 0...90),
            Gen.element(of: DuplicatePolicy.allCases),
            Gen.bool,
            Gen.int(in: 0...30)
        ) { slots, codes, policy, shift, split in
            let policy = policy ?? .last
            // Mostly a 300 s grid, now and then a point off it.
            let points: [(Int64, Number?)] = slots.indices.map { index in
                let code = index < codes.count ? codes[index] : slots[index]
                let offGrid: Int64 = code == 59 ? 100 : 0
                return (1_700_000_000 + slots[index] * 300 + offGrid, Self.value(code))
            }
            let store = PointStore(memoryLimit: 1024, directory: folder.url.path)
            let expected = Self.run(points, store: nil, policy: policy, shift: shift, split: split)
            let stored = Self.run(points, store: store, policy: policy, shift: shift, split: split)
            #expect(stored == expected, "\(points) \(policy)")
            let sortedPoints = points.sorted { $0.0 < $1.0 }
            #expect(
                Self.run(sortedPoints, store: store, policy: policy, shift: shift)
                    == Self.run(sortedPoints, store: nil, policy: policy, shift: shift)
            )
            #expect(
                Self.run(points, store: store, policy: policy, shift: false, reportIdentical: false)
                    == Self.run(points, store: nil, policy: policy, shift: false, reportIdentical: false)
            )
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    /// Thousands of points out of order, with duplicates: many runs spilled and merged.
    @Test func externalSortSpillsAndMatches() throws {
        let folder = try TemporaryFolder()
        var generator = SystemRandomNumberGenerator()
        var points: [(Int64, Number?)] = []
        for index in 0..<20_000 {
            let slot = Int64.random(in: 0..<15_000, using: &generator)
            points.append((1_600_000_000 + slot * 60, Self.value(Int64(index % 997))))
        }
        let store = PointStore(memoryLimit: 4096, directory: folder.url.path)
        for policy in [DuplicatePolicy.last, .first, .max, .sum] {
            let expected = Self.run(points, store: nil, policy: policy, shift: true)
            #expect(expected.series != nil && expected.warnings.contains { $0.contains("out of time order") })
            #expect(Self.run(points, store: store, policy: policy, shift: true) == expected)
        }
        #expect(store.spilledBytes > 100_000)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    /// `--on-duplicate error` throws the same diagnostic, and the store's file is gone after.
    @Test func duplicateErrorIsTheSameAndLeavesNoFile() throws {
        let folder = try TemporaryFolder()
        var points: [(Int64, Number?)] = (0..<3000).map { (Int64(3000 - $0) * 300, Number(Int64($0))) }
        points.append((1500 * 300, Number(Int64(-1))))
        do {
            let store = PointStore(memoryLimit: 2048, directory: folder.url.path)
            let expected = Self.run(points, store: nil, policy: .error, shift: false)
            #expect(expected.error?.contains("has two different values at") == true)
            #expect(Self.run(points, store: store, policy: .error, shift: false) == expected)
            #expect(store.spilledBytes > 0)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    @Test func pagesRoundTripEveryKindOfNumberAndQuality() throws {
        let store = PointStore(memoryLimit: 1024)
        var writer = PointWriter(store: store)
        let values: [Number] = [
            Number(significand: Int64.max, exponent: -64), Number(significand: Int64.min, exponent: 64), Number(-0.0),
            Number(Double.greatestFiniteMagnitude), Number(Double.leastNonzeroMagnitude), Number(Int64(0)),
        ]
        var expected = PointPage()
        for index in 0..<600 {
            let time = Int64(index) * 86_400 - 1_000_000_000
            let value = values[index % values.count]
            let quality = Quality.allCases[index % Quality.allCases.count]
            try writer.append(time: time, value: value, quality: quality)
            expected.times.append(time)
            expected.values.append(value)
            expected.qualities.append(quality)
        }
        try writer.flushTail()
        var handle = SpilledPoints(written: writer)
        handle.pageSize = 7
        var read = PointPage()
        try handle.forEachPage { page in
            #expect(page.count <= 7)
            read.times += page.times
            read.values += page.values
            read.qualities += page.qualities
        }
        #expect(read == expected)
        // Same storage, not just equal numbers: the decimal stays a decimal with its exponent.
        #expect(read.values.map(\.description) == expected.values.map(\.description))
        #expect(read.values.map(\.isExact) == expected.values.map(\.isExact))
        #expect(store.spilledBytes > 0)
    }

    /// A page reader that stops early (the encoder failed) or fails (the store is gone) ends with
    /// that error, and the store reads again afterwards.
    @Test func pagesStopWithTheFirstError() throws {
        struct Stop: Error {}
        let store = PointStore(memoryLimit: 1024)
        var writer = PointWriter(store: store)
        for index in 0..<500 { try writer.append(time: Int64(index) * 300, value: Number(Int64(index))) }
        try writer.flushTail()
        var handle = SpilledPoints(written: writer)
        handle.pageSize = 10
        for stopAt in [0, 1, 2, 25, 49] {
            var seen = 0
            #expect(throws: Stop.self) {
                try handle.forEachPage { _ in
                    if seen == stopAt { throw Stop() }
                    seen += 1
                }
            }
            #expect(seen == stopAt)
        }
        var times: [Int64] = []
        try handle.forEachPage { times += $0.times }
        #expect(times == (0..<500).map { Int64($0) * 300 })
        store.close()
        #expect(throws: Diagnostic.self) { try handle.forEachPage { _ in } }
    }

    /// The far-point check reads stored points in one pass and says what it says of columns.
    @Test func farPointsOfStoredSeriesAreTheColumns() async throws {
        let folder = try TemporaryFolder()
        await propertyCheck(input: Gen.int64(in: 1...400).array(of: 2...60), Gen.int(in: 0...59), Gen.bool) { gaps, at, before in
            var times: [Int64] = []
            var time: Int64 = 1_600_000_000
            for (index, gap) in gaps.enumerated() {
                // One gap of years, near the start or the end.
                time += index == at % gaps.count ? (before ? 1 : 400) * 86_400 * 400 : gap * 300
                times.append(time)
            }
            let store = PointStore(memoryLimit: 1024, directory: folder.url.path)
            // In order (the gap noted as points arrive) and reversed (noted by the sort's output).
            for arrival in [times, times.reversed()] {
                var builder = SeriesBuilder(identity: Self.identity, location: SourceLocation(path: "$.data"), store: store)
                for time in arrival { builder.append(time: time, value: Number(Int64(1))) }
                let stored = try builder.finish(duplicates: .last).series
                #expect(stored.stored?.widestGap != nil)
                let columns = try stored.materialized()
                #expect(columns.times == times)
                let expected = ConsistencyChecks.farPoints([columns], source: "baishan").map(\.description)
                #expect(ConsistencyChecks.farPoints([stored], source: "baishan").map(\.description) == expected)
            }
        }
    }

    /// A series finished in time order hands its open block to the store, so it holds no points
    /// outside the budget (a `--merge` of thousands of dumps waits with thousands of them), and
    /// finishing its builder again gives the same points.
    @Test func aFinishedSeriesHoldsNoOpenBlock() throws {
        let folder = try TemporaryFolder()
        let store = PointStore(memoryLimit: 1 << 20, directory: folder.url.path)
        var builder = SeriesBuilder(identity: Self.identity, location: SourceLocation(path: "$.data"), store: store)
        let times = (0..<1000).map { 1_700_000_000 + Int64($0) * 300 }
        for (index, time) in times.enumerated() { builder.append(time: time, value: Number(Int64(index % 13))) }
        let first = try builder.finish(duplicates: .last).series
        let again = try builder.finish(duplicates: .last).series
        let spilled = try #require(first.stored as? SpilledPoints)
        #expect(spilled.sources.tail.isEmpty && spilled.sources.blockCount == 1 && store.residentBytes > 0)
        let points = try first.materialized()
        let repeated = try again.materialized()
        #expect(points.times == times && points.values == times.indices.map { Number(Int64($0 % 13)) })
        #expect(repeated.times == points.times && repeated.values == points.values)
    }

    /// Every fixture decoded with a tiny store gives the points and warnings it gives in memory.
    @Test(arguments: FixtureGoldens.inputs)
    func fixtureDecodesAlikeWithAStore(_ input: String) throws {
        let decoding = try FixtureGoldens.decoding(for: input)
        let path = TestPaths.root.appendingPathComponent(input).path
        let folder = try TemporaryFolder()
        var options = decoding.options
        let plain = Result { try InputDecoding.decode(path: path, format: decoding.format, options: options) }
        options.pointStore = PointStore(memoryLimit: 1024, directory: folder.url.path)
        let stored = Result { try InputDecoding.decode(path: path, format: decoding.format, options: options) }
        switch (plain, stored) {
        case (.success(let a), .success(let b)):
            let columns = try b.series.map { try $0.materialized() }
            #expect(columns == a.series)
            #expect(columns.map(\.nullTimes) == a.series.map(\.nullTimes))
            #expect(columns.map(\.origin) == a.series.map(\.origin))
            #expect(b.warnings.map(\.description) == a.warnings.map(\.description))
            let source = a.series.first?.identity.source ?? ""
            #expect(
                ConsistencyChecks.farPoints(b.series, source: source).map(\.description)
                    == ConsistencyChecks.farPoints(a.series, source: source).map(\.description)
            )
        case (.failure(let a), .failure(let b)):
            #expect("\(a)" == "\(b)")
        default:
            Issue.record("\(input): in memory \(plain), with a store \(stored)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }
}

/// `SeriesMerger.merge` of parts whose points are in a store: the same series, warnings and
/// `--on-overlap error` message as the merge of their columns.
struct StoredMergeTests {
    static let identity = PointStoreTests.identity

    /// A part: sorted unique times from slots, values from codes (nulls become null times).
    static func part(_ slots: [Int64], _ code: Int64, index: Int, store: PointStore?) throws -> Series {
        var builder = SeriesBuilder(identity: identity, location: SourceLocation(path: "$.data"), store: store)
        for (position, slot) in Set(slots).sorted().enumerated() {
            let time = 1_700_000_000 + slot * 300
            if let value = PointStoreTests.value((code + Int64(position)) % 7 == 0 ? 3 : code % 3 + slot % 2) {
                builder.append(time: time, value: value)
            } else {
                builder.appendNull(time: time)
            }
        }
        var series = try builder.finish(duplicates: .last).series
        series.meta = ["part": "\(index)"]
        series.origin = SourceLocation(path: "$.data").inFile("dump-\(index).json", entry: nil)
        return series
    }

    struct Outcome: Equatable {
        var series: [Series] = []
        var nullTimes: [[Int64]] = []
        var warnings: [String] = []
        var error: String? = nil
    }

    static func merge(_ parts: [Series], _ policy: DuplicatePolicy) -> Outcome {
        var outcome = Outcome()
        do {
            let merged = try SeriesMerger.merge(parts, duplicates: policy)
            outcome.series = try merged.series.map { try $0.materialized() }
            outcome.nullTimes = merged.series.map(\.nullTimes)
            outcome.warnings = merged.warnings.map(\.description)
        } catch {
            outcome.error = "\(error)"
        }
        return outcome
    }

    @Test func mergingStoredPartsIsMergingColumns() async throws {
        let folder = try TemporaryFolder()
        await propertyCheck(
            input: Gen.int64(in: 0...30).array(of: 0...25).array(of: 1...6),
            Gen.int64(in: 0...20).array(of: 6),
            Gen.element(of: DuplicatePolicy.allCases)
        ) { slotLists, codes, policy in
            let policy = policy ?? .last
            let store = PointStore(memoryLimit: 1024, directory: folder.url.path)
            let columns = try slotLists.enumerated().map { try Self.part($1, codes[$0], index: $0, store: nil) }
            let stored = try slotLists.enumerated().map { try Self.part($1, codes[$0], index: $0, store: store) }
            let expected = Self.merge(columns, policy)
            #expect(Self.merge(stored, policy) == expected, "\(slotLists) \(codes) \(policy)")
            // Mixed: some parts in columns, some stored.
            let mixed = stored.enumerated().map { $0.offset % 2 == 0 ? columns[$0.offset] : $0.element }
            #expect(Self.merge(mixed, policy) == expected)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    /// Hundreds of overlapping archived windows, each a stored part.
    @Test func manyStoredPartsMergeAsTheirColumns() throws {
        let folder = try TemporaryFolder()
        let store = PointStore(memoryLimit: 4096, directory: folder.url.path)
        var columns: [Series] = []
        var stored: [Series] = []
        for index in 0..<300 {
            let slots = (Int64(index * 10)..<Int64(index * 10 + 40)).map { $0 }
            columns.append(try Self.part(slots, Int64(index % 5 == 0 ? index : 1), index: index, store: nil))
            stored.append(try Self.part(slots, Int64(index % 5 == 0 ? index : 1), index: index, store: store))
        }
        for policy in DuplicatePolicy.allCases {
            let expected = Self.merge(columns, policy)
            #expect(policy == .error ? expected.error != nil : expected.warnings.count == 1)
            #expect(Self.merge(stored, policy) == expected)
        }
        #expect(store.spilledBytes > 0)
        // The merge streamed: its result is in the store, not in columns.
        let merged = try SeriesMerger.merge(stored, duplicates: .last)
        #expect(merged.series.count == 1 && merged.series[0].stored != nil && merged.series[0].count == 0)
    }

    /// A merge of many parts, each several blocks long, reads a window of each part's current
    /// block sized from the budget: what its cursors hold stays within the sorting half of
    /// `--memory-limit` (a whole block each would be three times that), and it still merges as
    /// the columns do.
    @Test func aWideMergeHoldsNoMoreThanItsBudget() throws {
        let folder = try TemporaryFolder()
        let store = PointStore(memoryLimit: 128 << 10, directory: folder.url.path)
        let partCount = 100
        var columns: [Series] = []
        var stored: [Series] = []
        for index in 0..<partCount {
            let slots = (Int64(index * 7)..<Int64(index * 7 + 1500)).map { $0 }
            columns.append(try Self.part(slots, Int64(index), index: index, store: nil))
            stored.append(try Self.part(slots, Int64(index), index: index, store: store))
        }
        let blocks = stored.compactMap { ($0.stored as? SpilledPoints)?.sources.blockCount }
        #expect(blocks.count == partCount && blocks.allSatisfy { $0 >= 2 })
        #expect(store.blockBytes * partCount > 3 * store.memoryLimit / 2)
        for policy in [DuplicatePolicy.last, .sum, .error] {
            #expect(Self.merge(stored, policy) == Self.merge(columns, policy))
        }
        var peak = 0
        let merged = try SeriesMerger.mergeStored(
            stored,
            identity: Self.identity,
            meta: [:],
            policy: .last,
            into: store,
            peakHeldBytes: &peak
        )
        let expected = try #require(Self.merge(columns, .last).series.first)
        let points = try merged.series.materialized()
        #expect(points.times == expected.times && points.values == expected.values)
        #expect(peak > partCount * PointStore.mergeFloorBytes)
        #expect(peak + partCount * PointStore.mergeStateBytes <= store.memoryLimit / 2)
        #expect(store.spilledBytes > 0)
    }

    /// A cursor reading a window at a time gives every point a whole-block cursor gives, however
    /// the window cuts the blocks (points of every length, resident and spilled blocks).
    @Test func aWindowedCursorReadsWhatAWholeBlockCursorReads() throws {
        let folder = try TemporaryFolder()
        for limit in [4096, 1 << 20] {
            let store = PointStore(memoryLimit: limit, directory: folder.url.path)
            var writer = PointWriter(store: store)
            for index in 0..<5000 {
                let value = PointStoreTests.value(Int64(index) * 7_919) ?? Number(significand: Int64.max - Int64(index), exponent: -9)
                try writer.append(time: Int64(index) * 300 - (index % 3 == 0 ? Int64.max / 4 : 0), value: value)
            }
            let sources = writer.sources
            var whole = PointCursor(store: store, sources: sources)
            var expected: [(Int64, Number)] = []
            while let point = try whole.nextPoint() { expected.append((point.time, point.value)) }
            #expect(expected.count == 5000)
            for window in [0, PointStore.mergeFloorBytes + 1, 100, 1000, store.blockBytes - 1] {
                var cursor = PointCursor(store: store, sources: sources, window: window)
                var read: [(Int64, Number)] = []
                while let point = try cursor.nextPoint() { read.append((point.time, point.value)) }
                #expect(cursor.mostHeld > 0 && cursor.mostHeld <= max(window, PointStore.mergeFloorBytes))
                #expect(read.map(\.0) == expected.map(\.0) && read.map(\.1) == expected.map(\.1), "window \(window)")
            }
        }
        #expect(PointStore(memoryLimit: 64 << 20).mergeWindow(sources: 1_000_000) == PointStore.mergeFloorBytes)
    }
}
