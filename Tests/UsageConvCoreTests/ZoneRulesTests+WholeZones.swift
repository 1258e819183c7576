import Foundation
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

extension ZoneRulesTests {
    /// Whole zones checked against an independent reader (Python's `zoneinfo`) and against themselves.
    @Suite(.enabled(if: hasDatabase, "/usr/share/zoneinfo is absent"))
    struct WholeZones {
        /// Zones with every kind of change: northern and southern DST, none, half-hour offsets, Ramadan
        /// suspensions (Casablanca), negative DST (Dublin), both sides DST (London 1941, Apia 2011),
        /// standard-offset changes (Moscow), a two-hour DST (Troll), a 30-minute DST (Lord Howe),
        /// negative-time rules (Nuuk) and 50-hour rule times (Gaza).
        static let zones = [
            "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/Santiago",
            "Pacific/Chatham", "Africa/Casablanca", "Europe/Dublin", "America/Sao_Paulo", "Asia/Tehran", "UTC",
            "Europe/London", "Pacific/Apia", "Europe/Moscow", "Antarctica/Troll", "Australia/Lord_Howe",
            "America/Nuuk", "Asia/Gaza", "America/St_Johns",
        ]

        static let pythonHasZoneinfo = PythonProbe.succeeds("import zoneinfo; zoneinfo.ZoneInfo('Europe/Berlin')")

        /// Every instant at which `zone`'s offset may change within `range`, in order.
        static func transitions(of zone: ZoneRules, in range: Range<Int64>) -> [Int64] {
            var found: [Int64] = []
            var t = range.lowerBound
            while let next = zone.timeline.nextTransition(after: t), next < range.upperBound {
                found.append(next)
                t = next
            }
            return found
        }

        /// 4000 instants spread over 1970–2060 (a fixed step plus a fixed scramble within it), and
        /// every transition of the zone in that span, one second before, at, and one second after.
        static func instants(for zone: ZoneRules) -> [Int64] {
            let start = utc("1970-01-01T00:00:00Z")
            let end = utc("2061-01-01T00:00:00Z")
            let count: Int64 = 4000
            let step = (end - start) / count
            var instants = (0..<count).map { k in start + k * step + (k * 2_654_435_761) % step }
            for transition in transitions(of: zone, in: start..<end) {
                instants += [transition - 1, transition, transition + 1]
            }
            return instants
        }

        @Test(.enabled(if: TestTools.shouldRun(pythonHasZoneinfo), "python3 with zoneinfo is not available"))
        func offsetsMatchPythonZoneinfo() throws {
            var queries: [(zone: String, instant: Int64, offset: Int64)] = []
            for name in Self.zones {
                let rules = try zone(name)
                for instant in Self.instants(for: rules) { queries.append((name, instant, rules.offset(atUTC: instant))) }
            }
            let folder = try TemporaryFolder()
            let input = folder.file("queries.txt")
            try Data(queries.map { "\($0.zone) \($0.instant)\n" }.joined().utf8).write(to: input)
            // Python converts each UTC instant into the zone (`fromutc`) and reads the offset there.
            // (`ZoneInfo(z).utcoffset(datetime.fromtimestamp(t, timezone.utc))` would be wrong: it
            // reads the UTC wall-clock fields as if they were local time.)
            let script = """
                import sys, zoneinfo
                from datetime import datetime
                zones = {}
                out = []
                for line in open(sys.argv[1]):
                    name, t = line.split()
                    zone = zones.get(name) or zones.setdefault(name, zoneinfo.ZoneInfo(name))
                    out.append(str(int(datetime.fromtimestamp(int(t), zone).utcoffset().total_seconds())))
                print("\\n".join(out))
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script, input.path]
            process.environment = ProcessInfo.processInfo.environment.merging(["PYTHONTZPATH": ZoneRules.defaultDatabasePath]) { $1 }
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "python3 failed")
            let answers = text.split(separator: "\n").map { Int64($0) }
            try #require(answers.count == queries.count, "python3 answered \(answers.count) of \(queries.count)")
            var mismatches: [String] = []
            for (query, answer) in zip(queries, answers) where answer != query.offset {
                mismatches.append(
                    "\(query.zone) at \(UnixTime.iso8601(query.instant)) (\(query.instant)): "
                        + "ours \(query.offset), Python \(answer.map(String.init) ?? "?")"
                )
            }
            #expect(mismatches.isEmpty, "\(mismatches.count) of \(queries.count) differ:\n\(mismatches.prefix(30).joined(separator: "\n"))")
            // 19 zones × 4000 spread instants, plus three per transition.
            #expect(queries.count > 19 * 4000)
        }

        /// Every zone file in the database (not the `posix/` and `right/` copies).
        static func databaseZoneNames() -> [String] {
            let root = ZoneRules.defaultDatabasePath
            guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
            var names: [String] = []
            for case let relative as String in enumerator {
                guard !relative.hasPrefix("posix"), !relative.hasPrefix("right"), relative.first?.isUppercase == true else { continue }
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isFolder), !isFolder.boolValue {
                    names.append(relative)
                }
            }
            return names.sorted()
        }

        @Test func footerRulesContinueTheirTables() throws {
            var consistent = 0
            var reproduced = 0
            for name in Self.databaseZoneNames() {
                guard let zone = try? ZoneRules(identifier: name), let rule = zone.timeline.rule else { continue }
                let table = zone.timeline
                guard let last = table.transitions.indices.last else { continue }
                // RFC 8536 section 3.3: the footer must agree with the last transition's type.
                let lastTransition = table.transitions[last]
                #expect(rule.offset(atUTC: lastTransition) == table.offsets[last], "\(name) at its last transition")
                consistent += 1
                // A fat table that zic ran to its 2037 horizon was generated from the footer's own rule,
                // so the rule's changes fall on its last four changes with the same offsets either side.
                // (Tables with explicit later predictions, Gaza's to 2086, differ from the rule before
                // their end; no-op transitions, such as one at 2^31 - 1 in some files, are skipped.)
                guard rule.daylight != nil, lastTransition <= Int64(Int32.max) else { continue }
                let changes = table.transitions.indices.filter { i in
                    table.offsets[i] != (i > 0 ? table.offsets[i - 1] : table.initialOffset)
                }
                guard changes.count >= 4 else { continue }
                for i in changes.suffix(4) {
                    let transition = table.transitions[i]
                    let before = i > 0 ? table.offsets[i - 1] : table.initialOffset
                    let label = "\(name) at \(UnixTime.iso8601(transition))"
                    #expect(rule.offset(atUTC: transition - 1) == before, "\(label)")
                    #expect(rule.offset(atUTC: transition) == table.offsets[i], "\(label)")
                    #expect(rule.nextChange(after: transition - 1) == transition, "\(label)")
                }
                reproduced += 1
            }
            // The 2025b database has 550 zone files (links included) with a footer, about 200 of them
            // with daylight time; a slim database has no 2037 tables to reproduce.
            #expect(consistent > 300)
            #expect(reproduced > 100 || reproduced == 0)
        }

        @Test(arguments: zones)
        func resolveAgreesWithOffsetAroundEveryTransition(name: String) throws {
            let rules = try zone(name)
            let all = Self.transitions(of: rules, in: utc("1900-01-01T00:00:00Z")..<utc("2101-01-01T00:00:00Z"))
            for (i, transition) in all.enumerated() {
                // Every instant near the transition shows a wall time that resolves back to it.
                for delta: Int64 in [-86_401, -7201, -3601, -1801, -1, 0, 1, 1799, 3599, 7199, 86_399] {
                    let instant = transition + delta
                    let resolution = rules.resolve(local: instant + rules.offset(atUTC: instant))
                    let found: Bool =
                        switch resolution {
                        case .unique(let u): u == instant
                        case .repeated(let earlier, let later): earlier == instant || later == instant
                        case .skipped: false
                        }
                    #expect(found, "\(name): \(UnixTime.iso8601(instant)) resolves to \(resolution)")
                }
                // Where transitions are days apart, the middle of the jump is skipped or repeated.
                let before = rules.offset(atUTC: transition - 1)
                let after = rules.offset(atUTC: transition)
                let isolated =
                    (i == 0 || transition - all[i - 1] > 2 * 86_400) && (i == all.count - 1 || all[i + 1] - transition > 2 * 86_400)
                guard isolated, before != after else { continue }
                let middle = transition + (before + after) / 2
                if after > before {
                    #expect(
                        rules.resolve(local: middle) == .skipped(transition: transition, offsetBefore: before, offsetAfter: after),
                        "\(name) at \(UnixTime.iso8601(transition))"
                    )
                } else {
                    #expect(
                        rules.resolve(local: middle) == .repeated(earlier: middle - before, later: middle - after),
                        "\(name) at \(UnixTime.iso8601(transition))"
                    )
                }
            }
        }
    }
}
