import Foundation
import Testing
@testable import ReproAudit

/// Runs the built `reproaudit` binary on logs written here, checking output and exit statuses.
@Suite struct LogCommandTests {
    typealias S = LogTestSupport

    static func makeLog() -> (dir: String, log: String, lines: [[UInt8]]) {
        let dir = S.temporaryDirectory()
        let log = dir + "/audit.jsonl"
        let lines = [
            S.record("org/alpha", time: S.base, digest: String(repeating: "a", count: 64)).line,
            S.record("org/beta", time: S.base + 1000, safety: .unsafe,
                     findings: [Finding(code: "unsafe-pickle", severity: .critical, message: "os.system")]).line,
            S.record("org/alpha", time: S.base + 2000, digest: String(repeating: "b", count: 64), integrity: .mismatch).line,
            LogEvent(time: Timestamp(millisecondsSinceEpoch: S.base + 3000), event: "removed", host: "h",
                     fields: [("model", .object([("path", "/srv/models/org/beta")]))]).line,
            S.record("org/alphabet", time: S.base + 4000).line,
        ]
        S.write(lines.prefix(2).map { $0 }, to: log + ".1")
        S.gzip(log + ".1")
        S.write(Array(lines.dropFirst(2)) + [Array("{\"torn\":".utf8) + [0x0A]], to: log)
        return (dir, log, lines)
    }

    @Test func jsonIsByteForByteAndTornLinesAreCounted() {
        let (logFolder, log, lines) = Self.makeLog()
        defer { try? FileManager.default.removeItem(atPath: logFolder) }
        let result = S.run(["log", "--json", "--log", log])
        #expect(result.status == 0)
        #expect(Array(result.stdout) == lines.flatMap { $0 })
        #expect(result.stderr.contains("skipped 1 torn or foreign line"))
    }

    @Test func latestKeepsNewestPresentRecordPerModel() throws {
        let (logFolder, log, lines) = Self.makeLog()
        defer { try? FileManager.default.removeItem(atPath: logFolder) }
        let result = S.run(["log", "--latest", "--json", "--log", log])
        // beta was removed; alpha's newest is the mismatch; critical → exit 1.
        #expect(Array(result.stdout) == lines[2] + lines[4])
        #expect(result.status == 1)
        let verified = S.run(["log", "--latest", "--json", "--integrity", "verified", "--log", log])
        #expect(Array(verified.stdout) == lines[4])
        #expect(verified.status == 0)
    }

    @Test func filtersAndTable() {
        let (logFolder, log, _) = Self.makeLog()
        defer { try? FileManager.default.removeItem(atPath: logFolder) }
        let unsafe = S.run(["log", "--safety", "unsafe", "--log", log])
        #expect(unsafe.status == 0)
        let rows = unsafe.text.split(separator: "\n")
        #expect(rows.count == 2)
        #expect(rows.first?.hasPrefix("TIME") == true)
        #expect(rows.last?.contains("org/beta") == true)
        #expect(!unsafe.text.contains("\u{1B}["), "colour only on a terminal")
        let since = S.run(["log", "--json", "--since", "2026-11-28T23:59:03Z", "--event", "audit", "--log", log])
        #expect(since.text.split(separator: "\n").count == 2)
        #expect(S.run(["log", "--integrity", "fine", "--log", log]).status == 2)
        #expect(S.run(["log", "--since", "soon", "--log", log]).status == 2)
    }

    @Test func missingLogAndBadConfigGiveOneLineAndTheRightStatus() throws {
        let missing = S.run(["log", "--log", "/nonexistent/x/audit.jsonl"])
        #expect(missing.status == 3)
        #expect(missing.stderr == "reproaudit: log /nonexistent/x/audit.jsonl: No such file or directory\n")
        let dir = S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "{\n  \"audit_log\": 5\n}".write(toFile: dir + "/bad.json", atomically: false, encoding: .utf8)
        let bad = S.run(["log", "--config", dir + "/bad.json"])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("reproaudit: config \(dir)/bad.json:"))
        let (logFolder, log, lines) = Self.makeLog()
        defer { try? FileManager.default.removeItem(atPath: logFolder) }
        try "{\"audit_log\": \"\(log)\"}".write(toFile: dir + "/good.json", atomically: false, encoding: .utf8)
        let good = S.run(["log", "--json", "--config", dir + "/good.json"])
        #expect(Array(good.stdout) == lines.flatMap { $0 })
        #expect(S.run(["log", "--config", dir + "/none.json"]).status == 2)
    }

    @Test func showExplainsOneModelAndListsAmbiguousCandidates() {
        let (logFolder, log, _) = Self.makeLog()
        defer { try? FileManager.default.removeItem(atPath: logFolder) }
        let ambiguous = S.run(["show", "alpha", "--log", log])
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.contains("matches 2 models"))
        let shown = S.run(["show", "org/alpha", "--log", log])
        #expect(shown.status == 1, "mismatch is critical")
        let text = shown.text
        #expect(text.contains("/srv/models/org/alpha"))
        #expect(text.contains("from a SHA256SUMS file"))
        #expect(text.contains("integrity verified → mismatch"))
        #expect(text.contains("model.safetensors digest aaaaaaaaaaaa → bbbbbbbbbbbb"))
        #expect(text.contains("open-source    missing training code"))
        #expect(text.contains("MOF Class III"))
        #expect(S.run(["show", "nothing-like-this", "--log", log]).status == 2)
        let alphabet = S.run(["show", "alphabet", "--log", log])
        #expect(alphabet.status == 0)
    }
}
