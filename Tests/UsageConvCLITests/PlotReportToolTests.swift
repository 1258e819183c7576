import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// `usageconv plot` and `usageconv report` read by the real renderers: rsvg-convert (librsvg) for
/// every fixture's SVG, headless Chromium for the HTML page, html5lib's strict parser for its
/// markup; and a few golden SVGs compared by structure.
struct PlotReportToolTests {
    static let rsvg = TestTools.executable("rsvg-convert")
    static let chromium = TestTools.executable("chromium")

    /// The convert exit status the fixture's golden records.
    static func expectedStatus(_ input: String) -> Int32? {
        let url = TestPaths.root.appendingPathComponent(FixtureGoldens.golden(for: input, "stderr"))
        guard let text = try? String(contentsOf: url, encoding: .utf8), let line = text.split(separator: "\n").last,
            line.hasPrefix("exit status: ")
        else { return nil }
        return Int32(line.dropFirst("exit status: ".count))
    }

    /// One fixture through `plot -o`: the file renders in rsvg-convert (every fixture's chart is
    /// UsageConvCoreTests' `ChartRendererTests`); one that fails leaves no file, exiting as convert does.
    @Test(.enabled(if: TestTools.shouldRun(rsvg != nil), "needs rsvg-convert"))
    func plotWritesAFileRsvgRendersAndNoneWhenDecodingFails() throws {
        let rsvg = try #require(Self.rsvg)
        let folder = try TemporaryFolder()
        let svg = folder.file("chart.svg")
        let input = "Fixtures/baishan/label-end.json"
        let plot = try CLIRunner.run(["plot", input, "--p95", "-o", svg.path] + FixtureGoldens.arguments(for: input))
        #expect(plot.status == 0, "\(plot.stderr)")
        let png = folder.file("chart.png")
        let render = try TestTools.run(rsvg, ["-o", png.path, svg.path])
        #expect(render.status == 0, "\(input): \(render.stderr)")
        let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
        #expect(size > 1_000, "\(input): PNG of \(size) bytes")
        let bad = "Fixtures/baishan/invalid/comments-without-lenient.json"
        let failed = try CLIRunner.run(["plot", bad, "-o", folder.file("bad.svg").path])
        // plot decodes as convert does: it fails exactly as convert does.
        #expect(failed.status == Self.expectedStatus(bad) && failed.status == 65, "\(failed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("bad.svg").path), "a failed plot left a file")
    }

    @Test(.enabled(if: TestTools.shouldRun(rsvg != nil), "needs rsvg-convert"))
    func rsvgRejectsABrokenSVG() throws {
        let rsvg = try #require(Self.rsvg)
        let folder = try TemporaryFolder()
        let good = try CLIRunner.run(["plot", "Fixtures/baishan/bandwidth-3days.json"])
        #expect(good.status == 0)
        // Unclosed elements, and an unescaped ampersand as a dump's resource name would give.
        let broken = [
            String(good.stdout.dropLast("</svg>\n".count)),
            good.stdout.replacingOccurrences(of: ">all out", with: ">a&b out"),
        ]
        for (index, text) in broken.enumerated() {
            let svg = folder.file("broken-\(index).svg")
            try Data(text.utf8).write(to: svg)
            let result = try TestTools.run(rsvg, ["-o", folder.file("broken-\(index).png").path, svg.path])
            #expect(result.status != 0, "rsvg-convert accepted broken SVG \(index)")
        }
        let svg = folder.file("good.svg")
        try Data(good.stdout.utf8).write(to: svg)
        #expect(try TestTools.run(rsvg, ["-o", folder.file("good.png").path, svg.path]).status == 0)
    }

    // MARK: Golden SVGs

    /// What the golden comparison looks at: every element's name, class and text, its attributes
    /// with numbers rounded to whole pixels, and each path's subpath and node counts; no bytes of
    /// formatting.
    static let structure = #"""
        import re, sys, xml.etree.ElementTree as ET
        def num(v):
            return re.sub(r'-?\d+(\.\d+)?', lambda m: str(round(float(m.group()))), v)
        for el in ET.parse(sys.argv[1]).iter():
            tag = el.tag.split('}')[-1]
            attrs = []
            for k, v in sorted(el.attrib.items()):
                if k == 'd':
                    attrs.append('subpaths=%d nodes=%d' % (v.count('M'), len(re.findall(r'-?\d+(?:\.\d+)?', v)) // 2))
                else:
                    attrs.append('%s=%s' % (k, num(v)))
            text = (el.text or '').strip()
            print(tag, ' '.join(attrs), ('text=' + text) if text else '')
        """#

    static let goldens: [(name: String, arguments: [String])] = [
        ("baishan-bandwidth-3days", ["Fixtures/baishan/bandwidth-3days.json", "--p95"]),
        ("interserver-vps-two-ips-p95-max", ["Fixtures/interserver/vps-two-ips.json", "--p95-of", "max"]),
        ("onapp-net-hourly-berlin", ["Fixtures/onapp/net-hourly-stats.xml", "--tz", "Europe/Berlin"]),
        ("baishan-traffic-daily-gb", ["Fixtures/baishan/traffic-daily.json", "--metric", "traffic", "--unit", "GB"]),
        ("swiftfederation-bandwidth", ["Fixtures/swiftfederation/bandwidth.json", "--unit", "Mbit/s", "--p95"]),
    ]

    @Test(
        .enabled(if: TestTools.shouldRun(TestTools.executable("python3") != nil), "needs python3"),
        arguments: goldens.map(\.name)
    )
    func goldenSVGsMatchByStructure(_ name: String) throws {
        let python = try #require(TestTools.executable("python3"))
        let arguments = try #require(Self.goldens.first { $0.name == name }?.arguments)
        let folder = try TemporaryFolder()
        let actual = folder.file("actual.svg")
        let plot = try CLIRunner.run(["plot"] + arguments + ["-o", actual.path])
        #expect(plot.status == 0, "\(plot.stderr)")
        let relative = "Tests/Goldens/charts/\(name).svg"
        let golden = TestPaths.root.appendingPathComponent(relative)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil || !FileManager.default.fileExists(atPath: golden.path) {
            try? FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: golden)
            try FileManager.default.copyItem(at: actual, to: golden)
            Issue.record("Recorded \(relative); run again to compare")
            return
        }
        let want = try TestTools.run(python, ["-c", Self.structure, golden.path])
        let got = try TestTools.run(python, ["-c", Self.structure, actual.path])
        #expect(want.status == 0 && got.status == 0, "\(want.stderr)\(got.stderr)")
        #expect(want.stdout.split(separator: "\n").count > 30, "golden \(relative) is nearly empty")
        let a = got.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let e = want.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        if let first = zip(a, e).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset
            ?? (a.count == e.count ? nil : min(a.count, e.count))
        {
            Issue.record(
                "\(relative) differs in element \(first + 1):\n  expected: \(first < e.count ? e[first] : "<end>")\n  actual:   \(first < a.count ? a[first] : "<end>")\n(RECORD_SNAPSHOTS=1 re-records)"
            )
        }
    }

    // MARK: The HTML report

    static let strictHTML = #"""
        import sys, html5lib
        try:
            html5lib.HTMLParser(strict=True).parse(open(sys.argv[1], 'rb').read())
        except Exception as e:
            sys.exit('invalid HTML: %s' % e)
        """#

    @Test(.enabled(if: TestTools.shouldRun(TestTools.venvHas("html5lib")), "needs html5lib in .venv-test"))
    func reportIsValidHTMLAndABrokenPageIsNot() throws {
        let python = try #require(TestTools.venvPython)
        let folder = try TemporaryFolder()
        let page = folder.file("report.html")
        let report = try CLIRunner.run(["report", "Fixtures/onapp/", "--p95-of", "max", "-o", page.path])
        #expect(report.status == 65, "\(report.stderr)")  // some OnApp fixtures are error bodies
        let check = try TestTools.run(python, ["-c", Self.strictHTML, page.path])
        #expect(check.status == 0, "\(check.stderr)")
        let text = try String(contentsOf: page, encoding: .utf8)
        #expect(text.contains("<h2>Totals per currency</h2>"))
        for (index, damage) in [("</table>", "</div></table>"), ("<tbody>", "<tbody><p>")].enumerated() {
            let broken = folder.file("broken-\(index).html")
            try Data(text.replacingOccurrences(of: damage.0, with: damage.1).utf8).write(to: broken)
            #expect(try TestTools.run(python, ["-c", Self.strictHTML, broken.path]).status != 0, "broken page \(index) passed")
        }
    }

    /// Chromium's screenshot of `page` and the console lines it logged (bounded to 120 s, killed after).
    static func screenshot(_ page: URL, in folder: TemporaryFolder, size: String = "1000,1400") throws -> (RasterImage, [String]) {
        let chromium = try #require(Self.chromium)
        let python = try #require(TestTools.executable("python3"))
        let timeout = try #require(TestTools.executable("timeout"))
        let shot = folder.file("shot-\(page.deletingPathExtension().lastPathComponent).png")
        let result = try TestTools.run(
            timeout,
            [
                "-k", "10", "120", chromium.path, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--user-data-dir=\(folder.file("profile").path)", "--window-size=\(size)", "--screenshot=\(shot.path)",
                "--enable-logging=stderr", "--v=0", page.absoluteString,
            ]
        )
        #expect(result.status == 0, "chromium: \(result.status) \(result.stderr.suffix(2_000))")
        let console = result.stderr.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") || $0.contains("Uncaught") }
        return (try RasterImage.read(shot, python: python), console)
    }

    @Test(.enabled(if: TestTools.shouldRun(chromium != nil), "needs chromium"))
    func chromiumRendersTheReportOfAFixtureFolder() throws {
        let folder = try TemporaryFolder()
        let page = folder.file("report.html")
        let report = try CLIRunner.run(["report", "Fixtures/interserver/", "--p95-of", "max", "-o", page.path])
        #expect(report.status == 65, "\(report.stderr)")  // the folder holds error bodies too
        let (image, console) = try Self.screenshot(page, in: folder)
        #expect(console.isEmpty, "\(console)")
        #expect(image.width == 1000 && image.height == 1400)
        // Not blank: text, tables and charts ink a good part of the page in several colours.
        #expect(image.inkedFraction > 0.03, "inked \(image.inkedFraction)")
        #expect(image.colourCount > 20, "\(image.colourCount) colours")
        // The check can fail: a blank page and a page with a script error are caught.
        let blank = folder.file("blank.html")
        try Data("<!DOCTYPE html><html lang=\"en\"><head><title>x</title></head><body></body></html>".utf8).write(to: blank)
        let failing = folder.file("failing.html")
        try Data("<!DOCTYPE html><html lang=\"en\"><head><title>x</title></head><body><script>missing();</script></body></html>".utf8)
            .write(to: failing)
        #expect(try Self.screenshot(blank, in: folder).0.inkedFraction < 0.001)
        #expect(try !Self.screenshot(failing, in: folder).1.isEmpty)
    }
}
