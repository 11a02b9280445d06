import Foundation
import Testing
@testable import ReproAudit

/// `reproaudit report --format html` and `scan --html`, run as the real binary.
@Suite struct ReportCommandTests {
    typealias S = HTMLReportSamples

    @Test func reportOfALogHasEveryPresentModelAndItsHistory() throws {
        let dir = TemporaryDirectory("report-cli")
        dir.write("store/a/model.safetensors", safetensorsBytes(seed: 1))
        dir.write("store/b/model.safetensors", safetensorsBytes(seed: 2))
        let log = dir.url("audit.jsonl")
        #expect(try BinaryRunner.run(["scan", dir.url("store"), "--log", log]).status == 0)
        dir.write("store/a/SHA256SUMS", "\(String(repeating: "0", count: 64))  model.safetensors\n")
        #expect(try BinaryRunner.run(["scan", dir.url("store"), "--log", log]).status == 1)

        let result = try BinaryRunner.run(["report", "--format", "html", "--log", log])
        #expect(result.status == 0, "\(result.stderr)")
        let page = result.stdout
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
        #expect(S.occurrences(of: "class=\"model-row\"", in: page) == 2)
        #expect(page.contains("History (2 audits in the log; changes only)"))
        #expect(page.contains("integrity unverified → mismatch"))
        #expect(page.contains("audit log \(log)"))

        let one = try BinaryRunner.run(["report", "--format", "html", "--log", log, "/a"])
        #expect(S.occurrences(of: "class=\"model-row\"", in: one.stdout) == 1)
        let none = try BinaryRunner.run(["report", "--format", "html", "--log", log, "no-such-model"])
        #expect(none.status == 2 && none.stdout.isEmpty)
        #expect(none.stderr.contains("no audited model matches \"no-such-model\""))
        #expect(try BinaryRunner.run(["report", "--log", log]).status == 2, "--format is required")
        #expect(try BinaryRunner.run(["report", "--format", "pdf", "--log", log]).status == 2)
    }

    @Test func scanHTMLIsTheSamePageWithoutHistory() throws {
        let result = try BinaryRunner.run(["scan", S.demoStore, "--html"])
        #expect(result.status == 1, "the demo has critical findings")
        #expect(S.occurrences(of: "class=\"model-row\"", in: result.stdout) == 9)
        #expect(!result.stdout.contains("<ol class=\"timeline\">"))
        #expect(result.stdout.contains("scan of \(S.demoStore)"))
        #expect(try BinaryRunner.run(["scan", S.demoStore, "--html", "--json"]).status == 2)
    }
}
