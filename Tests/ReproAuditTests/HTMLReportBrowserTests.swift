import Foundation
import Testing
@testable import ReproAudit

/// The HTML report loaded in a real browser (headless Chromium): every model in the rendered DOM,
/// counts right, the inline script allowed by the CSP and run, no console errors, a screenshot that
/// is not blank, and a model named like an `<img onerror>` runs nothing. One browser at a time: each
/// is heavy, and the suite shares two cores with timing-sensitive daemon tests.
@Suite(.serialized, .enabled(if: HeadlessChromium.shouldRun, "chromium not installed; REPROAUDIT_REQUIRE_TOOLS=1 makes this a failure"))
struct HTMLReportBrowserTests {
    typealias S = HTMLReportSamples

    func write(_ page: String, in dir: TemporaryDirectory) -> String {
        "file://" + dir.write("report.html", page)
    }

    @Test func demoReportRendersEveryModelAndRunsItsScriptWithoutConsoleErrors() throws {
        let dir = TemporaryDirectory("html-browser")
        let models = S.demoModels()
        let url = write(S.page(models), in: dir)
        let output = try HeadlessChromium.dumpDOM(url, directory: dir)
        #expect(output.status == 0, "\(output.stderr.suffix(2000))")
        let dom = output.stdout
        #expect(S.occurrences(of: "class=\"model-row\"", in: dom) == models.count)
        for model in models {
            #expect(dom.contains(HTML.escape(RecordTable.modelLabel(model.record["model"]!))))
        }
        #expect(dom.contains("<g class=\"bar\" data-value=\"verified\" data-count=\"4\">"))
        #expect(dom.contains("<g class=\"bar\" data-value=\"unsafe\" data-count=\"2\">"))
        // The script ran (so the CSP hash matched): it recorded the load time.
        #expect(dom.contains("data-load-ms=\""), "the inline script did not run")
        #expect(output.consoleErrors.isEmpty, "\(output.consoleErrors)")

        // The fragment filters the table, by the script again.
        let filtered = try HeadlessChromium.dumpDOM(url + "#integrity=mismatch", directory: dir)
        #expect(filtered.stdout.contains("1 of \(models.count) shown"), "\(filtered.stdout.suffix(500))")
        #expect(S.occurrences(of: "class=\"model-row\" hidden", in: filtered.stdout) == models.count - 1)
        #expect(filtered.consoleErrors.isEmpty, "\(filtered.consoleErrors)")
    }

    @Test func aModelNamedLikeMarkupRunsNoScript() throws {
        let dir = TemporaryDirectory("html-hostile")
        let output = try HeadlessChromium.dumpDOM(write(S.page(S.hostileModels()), in: dir), directory: dir)
        #expect(output.status == 0)
        let dom = output.stdout
        #expect(!dom.contains("data-pwned=\""), "a script from a record ran")
        #expect(!S.markup(dom).contains("<img"))
        #expect(dom.contains("2 of 2 shown"))
        #expect(output.consoleErrors.isEmpty, "\(output.consoleErrors)")
    }

    @Test func aLargeReportBuildsAModelsDetailsWhenItIsOpened() throws {
        let dir = TemporaryDirectory("html-large")
        let models = S.manyModels(HTMLReport.inlineDetailsUpTo + 50)
        let url = write(S.page(models), in: dir)
        let hostile = models.count - 2
        let output = try HeadlessChromium.dumpDOM(url + "#m-\(hostile)", directory: dir)
        #expect(output.status == 0)
        let dom = output.stdout
        #expect(S.occurrences(of: "class=\"model-row\"", in: dom) == models.count)
        #expect(dom.contains("\(HTMLReport.largeReportRowsShown) of \(models.count) shown"))
        #expect(S.occurrences(of: "class=\"model-row\" hidden", in: dom) == models.count - HTMLReport.largeReportRowsShown)
        let tag = try #require(dom.range(of: "<details class=\"model\" id=\"m-\(hostile)\"")).upperBound
        let attributes = dom[tag...].prefix { $0 != ">" }
        #expect(attributes.contains("open=\"\"") && attributes.contains("data-filled=\"\""), "the linked model was opened and built")
        #expect(S.occurrences(of: "<h3>Openness: Model Openness Framework ladder</h3>", in: S.markup(dom)) == 1)
        #expect(!dom.contains("data-pwned=\""), "a script from a record ran")
        #expect(!S.markup(dom).contains("<img"))
        #expect(output.consoleErrors.isEmpty, "\(output.consoleErrors)")

        // A filter reaches rows beyond the first page.
        let filtered = try HeadlessChromium.dumpDOM(url + "#q=org/model-230", directory: dir)
        #expect(filtered.stdout.contains("1 of \(models.count) shown"))
        #expect(filtered.stdout.contains("<tr id=\"r-230\" class=\"model-row\"><td>"))
    }

    @Test func aBrokenScriptHashIsReportedAsAConsoleError() throws {
        // The check above can fail: a page whose script does not match the CSP hash logs a refusal.
        let dir = TemporaryDirectory("html-csp")
        let page = S.page(S.hostileModels()).replacingOccurrences(of: "var data = JSON.parse", with: "var data  = JSON.parse")
        let output = try HeadlessChromium.dumpDOM(write(page, in: dir), directory: dir)
        #expect(!output.consoleErrors.isEmpty)
        #expect(!output.stdout.contains("data-load-ms=\""))
    }

    @Test func screenshotIsNotBlank() throws {
        let dir = TemporaryDirectory("html-screenshot")
        let png = dir.url("report.png")
        let output = try HeadlessChromium.screenshot(write(S.page(S.demoModels()), in: dir), to: png, directory: dir)
        #expect(output.status == 0, "\(output.stderr.suffix(2000))")
        let image = try PNGImage(path: png, scratch: dir)
        #expect(image.width == 1280)
        #expect(image.nonBackgroundShare > 0.03, "share of non-background pixels \(image.nonBackgroundShare)")
        #expect(image.colourCount > 20, "\(image.colourCount) colours")
        if let keep = ProcessInfo.processInfo.environment["REPROAUDIT_KEEP_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: png, toPath: keep)
        }
    }
}
