import Foundation
import Testing
@testable import ReproAudit

/// Shared pages for the HTML report tests: the demo store scanned, and records with hostile names.
enum HTMLReportSamples {
    static let demoStore = DaemonHarness.packageRoot + "/examples/demo"

    /// The demo store's records, as `scan --html --signers examples/signers.json` renders them.
    static func demoModels() -> [ModelReport] {
        var options = AuditOptions(jobs: 2, host: "test", trigger: .scan)
        options.signaturePolicy = try! TrustPolicy.parse(
            .object([("keys", .array([.string(DaemonHarness.packageRoot + "/examples/signers/demo-signer.pub.pem")]))]),
            file: RawPath(DaemonHarness.packageRoot + "/examples/signers.json"))
        return ScanRunner(options: options).run(paths: [RawPath(demoStore)]).records.compactMap { record in
            (try? JSONParser().parse(record.line)).map { ModelReport(record: $0, history: ModelHistory()) }
        }
    }

    static let scriptInName = "<img src=x onerror=document.body.setAttribute('data-pwned','1')>"

    /// Records whose name, path, licence, finding and evidence try to break out of the page.
    static func hostileModels() -> [ModelReport] {
        let finding = Finding(code: "open-washing", severity: .warning,
                              message: "card says </script><script>document.body.setAttribute('data-pwned','2')</script> <!-- open",
                              path: RawPath("README.md"))
        let records = [
            LogTestSupport.record(scriptInName, time: LogTestSupport.base, licenseID: "</script><!--", findings: [finding]),
            LogTestSupport.record("caf\u{E9}", path: RawPath(bytes: Array("/srv/m/caf".utf8) + [0xE9, 0x0A, 0x07]),
                                  time: LogTestSupport.base, integrity: .mismatch, safety: .unsafe),
        ]
        return records.map { ModelReport(record: try! JSONParser().parse($0.line), history: ModelHistory()) }
    }

    /// `count` models, the hostile ones last, for the large-report form of the page.
    static func manyModels(_ count: Int) -> [ModelReport] {
        let plain = (0..<(count - 2)).map { index in
            ModelReport(record: try! JSONParser().parse(LogTestSupport.record("org/model-\(index)", time: LogTestSupport.base).line),
                        history: ModelHistory())
        }
        return plain + hostileModels()
    }

    static func page(_ models: [ModelReport], history: Bool = false) -> String {
        HTMLReport(models: models, source: "test", generatedAt: "2026-12-01T00:00:00.000Z", includesHistory: history).render()
    }

    /// The page without the text of its script elements (JSON data and the script): what is markup.
    static func markup(_ page: String) -> String {
        var out = ""
        var rest = Substring(page)
        while let open = rest.range(of: "<script") {
            guard let tagEnd = rest[open.upperBound...].range(of: ">"),
                  let close = rest[tagEnd.upperBound...].range(of: "</script>") else { break }
            out += rest[..<tagEnd.upperBound]
            rest = rest[close.lowerBound...]
        }
        return out + rest
    }

    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}

@Suite struct HTMLReportTests {
    typealias S = HTMLReportSamples

    @Test func escapingLeavesNoMarkupAndShowsControlsAsReplacementCharacters() {
        #expect(HTML.escape(#"<img src=x onerror='a("b")'>&"#) == "&lt;img src=x onerror=&#39;a(&quot;b&quot;)&#39;&gt;&amp;")
        #expect(HTML.escape("a\u{0}b\u{1B}[31mc\u{7F}\td\ne") == "a\u{FFFD}b\u{FFFD}[31mc\u{FFFD}\td\ne")
        #expect(HTML.escape("日本語 café") == "日本語 café")
    }

    @Test func embeddedJSONCannotCloseTheScriptAndReadsBackTheSame() throws {
        let value: JSONValue = .object([("name", "</script><!-- & > \u{2028}"), ("n", 3)])
        let text = HTML.scriptJSON(value)
        #expect(!text.contains("</"))
        #expect(!text.contains("<!--"))
        #expect(text.contains(#"<\/script><\u0021-- & >"#))
        #expect(try JSONParser().parse(Array(text.utf8)) == value)
    }

    @Test func cspHashIsTheBase64OfTheScriptsSHA256() {
        // printf 'alert(1)' | openssl dgst -sha256 -binary | openssl base64
        #expect(HTML.cspHash(of: "alert(1)") == "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=")
        let page = S.page(S.demoModels())
        #expect(page.contains("script-src &#39;\(HTML.cspHash(of: HTMLReportAssets.script))&#39;"))
        #expect(page.contains("<script>\(HTMLReportAssets.script)</script>"))
        #expect(page.contains("default-src &#39;none&#39;"))
    }

    @Test func hostileNamesLicencesAndMessagesAreText() {
        let page = S.page(S.hostileModels())
        #expect(!S.markup(page).contains("<img"))
        #expect(page.contains("&lt;img src=x onerror=document.body.setAttribute(&#39;data-pwned&#39;,&#39;1&#39;)&gt;"))
        // Only the index and the page's own script are script elements; no comment can open.
        #expect(S.occurrences(of: "<script", in: page) == 2)
        #expect(S.occurrences(of: "</script", in: page) == 2)
        #expect(!page.contains("<!--"))
        #expect(page.contains("&lt;/script&gt;&lt;!--"))
        // A name that is not UTF-8: U+FFFD for people, the exact bytes in base64; controls never raw.
        #expect(page.contains("/srv/m/caf\u{FFFD}\n\u{FFFD}"))
        #expect(page.contains(Base64.encode(Array("/srv/m/caf".utf8) + [0xE9, 0x0A, 0x07])))
        #expect(!page.contains("\u{07}"))
        // Nothing to load: no source attributes, no style sheet links, links only within the page.
        #expect(!page.contains(" src=\"") && !page.contains("<link"))
        #expect(page.components(separatedBy: "href=\"").dropFirst().allSatisfy { $0.hasPrefix("#") })
    }

    @Test func largeReportsCarryDetailsAsTextBuiltWhenOpened() throws {
        let models = S.manyModels(HTMLReport.inlineDetailsUpTo + 50)
        let page = S.page(models)
        #expect(S.occurrences(of: "class=\"model-row\"", in: page) == models.count)
        #expect(S.occurrences(of: "<details class=\"model\"", in: page) == models.count)
        #expect(!S.markup(page).contains("<h3>Openness"), "no details as elements")
        #expect(S.occurrences(of: "<script", in: page) == 3)
        #expect(S.occurrences(of: "</script", in: page) == 3)
        #expect(!page.contains("<!--") && !S.markup(page).contains("<img"))
        let start = try #require(page.range(of: "<script type=\"application/json\" id=\"details-data\">"))
        let end = try #require(page[start.upperBound...].range(of: "</script>"))
        let bodies = try JSONParser().parse(Array(page[start.upperBound..<end.lowerBound].utf8))
        #expect(bodies.arrayValue?.count == models.count)
        let hostile = try #require(bodies[models.count - 2]?.stringValue)
        #expect(hostile.contains("<h3>Openness: Model Openness Framework ladder</h3>"))
        #expect(hostile.contains("&lt;/script&gt;&lt;script&gt;"))
        #expect(!hostile.contains("<script") && !hostile.contains("<img"))
    }

    @Test func demoStoreCountsAreTheSummaryBars() throws {
        let models = S.demoModels()
        #expect(models.count == 9)
        let records = models.map(\.record)
        let integrity = VerdictCounts(.integrity, records: records)
        #expect(integrity.counts.map(\.value) == ["verified", "unverified", "incomplete", "mismatch"])
        #expect(integrity.counts.map(\.count) == [4, 3, 1, 1])
        let safety = VerdictCounts(.safety, records: records)
        #expect(safety.count(of: "safe") == 7 && safety.count(of: "unsafe") == 2)
        let openness = VerdictCounts(.openness, records: records)
        #expect(openness.counts.map(\.count) == [1, 5, 1, 2])
        let signature = VerdictCounts(.signature, records: records)
        #expect(signature.counts.map(\.value) == ["verified", "unsigned"])
        #expect(signature.counts.map(\.count) == [1, 8])

        let page = S.page(models)
        for counts in [integrity, safety, openness, signature] {
            for entry in counts.counts {
                #expect(page.contains("<g class=\"bar\" data-value=\"\(entry.value)\" data-count=\"\(entry.count)\">"))
            }
        }
        #expect(S.occurrences(of: "class=\"model-row\"", in: page) == 9)
        #expect(S.occurrences(of: "<details class=\"model\"", in: page) == 9)
        for model in models {
            #expect(page.contains(HTML.escape(RecordTable.modelLabel(model.record["model"]!))))
        }
        #expect(page.contains("9 of 9 shown"))
    }

    @Test func ladderSaysTheClassReachedAndWhatTheNextNeeds() throws {
        let release = try #require(S.demoModels().first { $0.record["model"]?["name"] == "open-source-release" })
        let section = ModelSection(model: release, index: 0, isOpen: true, includesHistory: false).render()
        #expect(section.contains("Class reached: <b>Class II</b>"))
        #expect(section.contains("Next, <b>MOF Class I</b> needs: model parameters (intermediate); research paper"))
        #expect(section.contains("training code <span class=\"b t-good\">present</span>"))
        #expect(section.contains("datasets <span class=\"b t-warn\">referenced</span>"))
        #expect(section.contains("Open Source AI Definition (<code>open-source</code>): nothing missing"))

        let pickle = try #require(S.demoModels().first { $0.record["model"]?["name"] == "pickle-runs-code" })
        let text = ModelSection(model: pickle, index: 1, isOpen: true, includesHistory: false).render()
        #expect(text.contains("<code>unsafe-pickle</code></td><td class=\"mono\">pytorch_model.bin</td>"))
        #expect(text.contains("Class reached: <b>none</b>"))
    }

    @Test func historyFromTheLogIsATimeline() throws {
        let dir = TemporaryDirectory("html-history")
        let log = dir.url("audit.jsonl")
        let base = LogTestSupport.base
        LogTestSupport.write([
            LogTestSupport.record("org/m", time: base).line,
            LogTestSupport.record("org/m", time: base + 60_000).line,
            LogTestSupport.record("org/m", time: base + 120_000, digest: String(repeating: "b", count: 64), integrity: .mismatch).line,
            LogTestSupport.record("other", time: base + 130_000).line,
        ], to: log)
        var filter = LogFilter()
        filter.model = "org/"
        let collection = try ModelCollection(reader: AuditLogReader(path: RawPath(log)), filters: [filter, LogFilter()])
        #expect(collection.models.count == 2)
        #expect(collection.matchedFilters == [0, 1])
        let models = collection.models.compactMap(\.report)
        let page = S.page(models, history: true)
        #expect(page.contains("History (3 audits in the log; changes only)"))
        #expect(page.contains("<li class=\"t-bad\"><time>2026-11-29T00:01:01.000Z</time>audit (scan): integrity verified → mismatch"))
        #expect(S.occurrences(of: "<ol class=\"timeline\">", in: page) == 2)
        #expect(!S.page(models, history: false).contains("timeline\">"))
    }
}
