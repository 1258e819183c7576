import Foundation
import Glibc
import Testing
import UsageConvCore
import UsageConvTestSupport

/// The InfluxDB line protocol encoder (`--to influx`), on fixtures converted in-process, read by a real InfluxDB 1.x (Debian's `influxdb`): the test starts its own
/// `influxd` on 127.0.0.1 (free ports, temporary folders, a config with reporting and every other
/// listener off), writes with `POST /write?db=...&precision=...`, reads back with `/query`, compares
/// with the CSV row for row, and stops the server, also when a check fails.
@Suite(.serialized, .enabled(if: TestTools.shouldRun(TestTools.executable("influxd") != nil && TestTools.executable("curl") != nil)))
struct InfluxDBWriteTests {
    @Test func everyFixturesPointsReadBackAsTheCSVSaysInEveryPrecision() throws {
        let server = try InfluxServer()
        defer { server.stop() }
        var compared = 0
        for (index, input) in PrometheusBackfillTests.inputs.enumerated() {
            // Each precision in turn, so all four are checked against the server.
            let precision = InfluxPrecision.allCases[index % InfluxPrecision.allCases.count]
            let conversion = try FixtureGoldens.conversion(of: input)
            let csv = LibraryRun.run(conversion, to: .csv, encoding: LibraryRun.encoding(time: .epoch))
            let lines = LibraryRun.run(conversion, to: .influx, encoding: LibraryRun.encoding(influxPrecision: precision))
            try #require(csv.status == 0 && lines.status == 0, "\(input): \(lines.stderr)")
            let database = "fixture\(index)"
            try server.createDatabase(database)
            let write = try server.write(lines.stdout, database: database, precision: precision.writeParameter)
            try #require(write.status == 204, "\(input): /write answered \(write.status) \(write.body)")
            let expected = try TimeSeriesExpectation.influxPoints(try TimeSeriesExpectation.rows(csv: csv.stdout))
            let actual = try server.readAll(database: database)
            #expect(TimeSeriesExpectation.influxMismatches(expected: expected, actual: actual) == [], "\(input) at \(precision)")
            #expect(expected.isEmpty == lines.stdout.isEmpty)
            compared += expected.values.reduce(0) { $0 + $1.count }
        }
        #expect(compared > 1000)
    }

    /// The comparison catches seconds sent as milliseconds and bits taken for bytes.
    ///
    /// Seconds read as milliseconds land in 1970, bits are 8 times too large. A line with an unescaped space in a tag is refused (400).
    @Test func theChecksCatchAWrongPrecisionWrongUnitsAndABrokenLine() throws {
        let server = try InfluxServer()
        defer { server.stop() }
        let input = "Fixtures/baishan/bandwidth-3days.json"
        let csv = LibraryRun.convert([input], to: .csv, encoding: LibraryRun.encoding(time: .epoch))
        let lines = LibraryRun.convert([input], to: .influx)
        let expected = try TimeSeriesExpectation.influxPoints(try TimeSeriesExpectation.rows(csv: csv.stdout))

        try server.createDatabase("wrongprecision")
        #expect(try server.write(lines.stdout, database: "wrongprecision", precision: "ms").status == 204)
        let early = TimeSeriesExpectation.influxMismatches(expected: expected, actual: try server.readAll(database: "wrongprecision"))
        #expect(early.first?.contains("read back (time: 1503244,") == true, "\(early.prefix(1))")

        // InfluxDB 1.x spells microseconds `u`: `precision=us` is read as nanoseconds, which the check catches.
        let micro = LibraryRun.convert([input], to: .influx, encoding: LibraryRun.encoding(influxPrecision: .us))
        try server.createDatabase("microseconds")
        #expect(try server.write(micro.stdout, database: "microseconds", precision: "us").status == 204)
        let micro1x = TimeSeriesExpectation.influxMismatches(expected: expected, actual: try server.readAll(database: "microseconds"))
        #expect(micro1x.first?.contains("read back (time: 1503244,") == true, "\(micro1x.prefix(1))")

        try server.createDatabase("right")
        #expect(try server.write(lines.stdout, database: "right", precision: "s").status == 204)
        let right = try server.readAll(database: "right")
        #expect(TimeSeriesExpectation.influxMismatches(expected: expected, actual: right) == [])
        let inBits = right.mapValues { $0.map { ($0.time, $0.value * 8, $0.quality) } }
        #expect(!TimeSeriesExpectation.influxMismatches(expected: expected, actual: inBits).isEmpty)

        try server.createDatabase("broken")
        let broken = lines.stdout.replacingOccurrences(of: "resource=all", with: "resource=all of it")
        let refused = try server.write(broken, database: "broken", precision: "s")
        #expect(refused.status == 400, "\(refused.body)")
        #expect(refused.body.contains("unable to parse"))
    }

    /// Commas, spaces, equals signs, quotes, backslashes and non-ASCII in names and tags come back
    /// from InfluxDB as they went in.
    @Test func escapedNamesAndTagsReadBackUnchanged() throws {
        let server = try InfluxServer()
        defer { server.stop() }
        let resources = ["a,b", "with space", "k=v", "\"quoted\"", "back\\slash", "ünïcödé 🚀 名前", "#hash"]
        let series = resources.enumerated().map { k, resource in
            Series(
                identity: SeriesIdentity(
                    source: "test",
                    resource: resource,
                    metric: k == 0 ? "hit traffic,x" : "traffic",
                    direction: "out",
                    unit: "KB",
                    kind: .amount,
                    step: 300,
                    absent: .zero
                ),
                times: [1_700_000_000],
                values: [Number(Int64(k + 1))],
                labels: ["billed": ["Yes, = \"in part\""]]
            )
        }
        let sink = MemorySink()
        try InfluxLineEncoder().encode(series, warnings: [], to: sink)
        try server.createDatabase("escaping")
        let write = try server.write(sink.text, database: "escaping", precision: "s")
        try #require(write.status == 204, "\(write.body)")
        let read = try server.readAll(database: "escaping")
        for (k, resource) in resources.enumerated() {
            let tags = [
                "source": "test", "resource": resource, "direction": "out", "step": "300", "unit": "B", "billed": "Yes, = \"in part\"",
            ]
            let key = TimeSeriesExpectation.influxKey(k == 0 ? "hit traffic,x" : "traffic", tags)
            #expect(read[key]?.map(\.value) == [Double((k + 1) * 1000)], "\(resource) read back as \(read.keys.sorted())")
        }
    }
}

/// An `influxd` of our own on loopback, in a temporary folder; stopped by `stop()` (idempotent).
final class InfluxServer {
    let folder: TemporaryFolder
    let process = Process()
    let base: String
    private var stopped = false

    /// Starts the server and waits (at most 30 s) until `/ping` answers.
    init() throws {
        let influxd = try #require(TestTools.executable("influxd"))
        folder = try TemporaryFolder()
        let http = try Self.freePort()
        let rpc = try Self.freePort()
        base = "http://127.0.0.1:\(http)"
        let root = folder.url.path
        // Every listener but HTTP off or on loopback; no reporting, no internal monitor database.
        let config = """
            reporting-disabled = true
            bind-address = "127.0.0.1:\(rpc)"
            [meta]
              dir = "\(root)/meta"
              logging-enabled = false
            [data]
              dir = "\(root)/data"
              wal-dir = "\(root)/wal"
              query-log-enabled = false
            [retention]
              enabled = false
            [shard-precreation]
              enabled = false
            [monitor]
              store-enabled = false
            [subscriber]
              enabled = false
            [http]
              enabled = true
              bind-address = "127.0.0.1:\(http)"
              log-enabled = false
              pprof-enabled = false
            [ifql]
              enabled = false
            [continuous_queries]
              enabled = false

            """
        try Data(config.utf8).write(to: folder.file("influxdb.conf"))
        process.executableURL = influxd
        process.arguments = ["run", "-config", folder.file("influxdb.conf").path]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let log = folder.file("influxd.log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else { throw ReadbackError("cannot create \(log.path)") }
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if (try? curl(["-o", "/dev/null", "-w", "%{http_code}", "\(base)/ping"]))?.body == "204" { return }
            guard process.isRunning else { break }
            usleep(200_000)
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        stop()
        throw ReadbackError("influxd did not answer /ping within 30 s: \(text.suffix(600))")
    }

    deinit { stop() }

    /// Stops the server: SIGTERM, then SIGKILL after 10 s.
    func stop() {
        guard !stopped else { return }
        stopped = true
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(100_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    func createDatabase(_ name: String) throws {
        let answer = try curl(["-XPOST", "\(base)/query", "--data-urlencode", "q=CREATE DATABASE \"\(name)\""])
        guard answer.status == 0, !answer.body.contains("\"error\"") else { throw ReadbackError("CREATE DATABASE: \(answer.body)") }
    }

    /// POSTs line protocol; the HTTP status and body.
    func write(_ lines: String, database: String, precision: String) throws -> (status: Int, body: String) {
        let file = folder.file("write-\(UUID().uuidString).lp")
        try Data(lines.utf8).write(to: file)
        let answer = try curl([
            "-XPOST", "-w", "\n%{http_code}", "\(base)/write?db=\(database)&precision=\(precision)", "--data-binary", "@\(file.path)",
        ])
        let parts = answer.body.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(parts.last ?? "") ?? -1, parts.dropLast().joined(separator: "\n"))
    }

    /// Every point of every measurement, grouped by series, times in seconds.
    func readAll(database: String) throws -> [String: [(time: Int64, value: Double, quality: String)]] {
        let answer = try curl([
            "-G", "\(base)/query", "--data-urlencode", "db=\(database)", "--data-urlencode", "epoch=s", "--data-urlencode",
            "q=SELECT * FROM /.*/ GROUP BY *",
        ])
        guard answer.status == 0 else { throw ReadbackError("query failed: \(answer.body)") }
        return try TimeSeriesExpectation.parseInfluxQuery(Data(answer.body.utf8))
    }

    /// `curl -s` bounded to 60 s; its exit status and standard output.
    private func curl(_ arguments: [String]) throws -> (status: Int32, body: String) {
        let curl = try #require(TestTools.executable("curl"))
        let result = try TestTools.run(curl, ["-s", "--max-time", "60"] + arguments)
        return (result.status, result.stdout)
    }

    /// A TCP port on 127.0.0.1 nobody listens on (bound to port 0, then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ReadbackError("socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw ReadbackError("bind failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
