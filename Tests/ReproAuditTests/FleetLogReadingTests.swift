import Foundation
import Testing
@testable import ReproAudit

/// `--log DIR|GLOB` reads a fleet's logs, one per host, with their rotated files; `--host` filters;
/// the table gets a HOST column; the same path on two hosts is two models.
@Suite struct FleetLogReadingTests {
    static func line(_ host: String, _ path: String, _ minute: Int, integrity: String = "verified") -> String {
        "{\"schema\":1,\"time\":\"2026-12-02T10:\(String(format: "%02d", minute)):00.000Z\",\"event\":\"audit\",\"host\":\"\(host)\","
            + "\"model\":{\"path\":\"\(path)\",\"layout\":\"folder\",\"name\":\"demo\"},"
            + "\"verdict\":{\"integrity\":\"\(integrity)\",\"safety\":\"safe\",\"openness\":\"unknown\",\"mof_class\":null}}\n"
    }

    func makeFleet() -> TemporaryDirectory {
        let fleet = TemporaryDirectory("fleet")
        fleet.write("a.jsonl.1", Array(Self.line("gpu-01", "/srv/models/demo", 1).utf8))
        fleet.write("a.jsonl", Array((Self.line("gpu-01", "/srv/models/demo", 2, integrity: "mismatch")).utf8))
        fleet.write("b.jsonl", Array((Self.line("gpu-02", "/srv/models/demo", 3) + Self.line("gpu-02", "/srv/models/other", 4)).utf8))
        fleet.write("notes.txt", Array("not a log\n".utf8))
        return fleet
    }

    @Test func folderAndPatternNameEveryHostsLog() throws {
        let fleet = makeFleet()
        #expect(try AuditLogSet.resolve(fleet.path).paths.map(\.name) == ["a.jsonl", "b.jsonl"])
        #expect(try AuditLogSet.resolve(fleet.path + "/*.jsonl*").paths.map(\.name) == ["a.jsonl", "b.jsonl"])
        #expect(try AuditLogSet.resolve(fleet.path + "/a.jsonl").paths.count == 1)
        #expect(throws: AuditLogError.self) { try AuditLogSet.resolve(fleet.path + "/*.none") }
        #expect(AuditLogSet.isRotation(Array("gpu-07.jsonl.12".utf8)))
        #expect(AuditLogSet.isRotation(Array("gpu-07.jsonl.2.gz".utf8)))
        #expect(!AuditLogSet.isRotation(Array("gpu-07.jsonl".utf8)))
        #expect(!AuditLogSet.isRotation(Array("12".utf8)))

        let all = try DaemonHarness.run(["log", "--log", fleet.path, "--json"])
        #expect(all.status == 0, "\(all.error)")
        #expect(all.output.split(separator: "\n").count == 4)
        // The newest record of each model on each host: the same path on two hosts is two models.
        let latest = try DaemonHarness.run(["log", "--log", fleet.path + "/*.jsonl", "--latest"])
        #expect(latest.status == 1)  // gpu-01's copy is a mismatch now
        let rows = latest.output.split(separator: "\n")
        #expect(rows.first?.hasSuffix("HOST") == true, "\(latest.output)")
        #expect(rows.count == 4)
        #expect(rows.contains { $0.contains("mismatch") && $0.hasSuffix("gpu-01") })
        #expect(rows.contains { $0.contains("demo") && $0.hasSuffix("gpu-02") })
        let one = try DaemonHarness.run(["log", "--log", fleet.path, "--host", "gpu-02", "--json"])
        #expect(one.output.split(separator: "\n").count == 2)
        #expect(!one.output.contains("gpu-01"))
        let single = try DaemonHarness.run(["log", "--log", fleet.path + "/b.jsonl"])
        #expect(single.output.split(separator: "\n").first?.hasSuffix("LICENCE") == true)
        let follow = try DaemonHarness.run(["log", "--log", fleet.path, "--follow"])
        #expect(follow.status == 2)
        #expect(follow.error.contains("--follow reads one log"))
        // show: two hosts hold /srv/models/demo, so naming it is ambiguous; the export reads both.
        let show = try DaemonHarness.run(["show", "/srv/models/other", "--log", fleet.path])
        #expect(show.status == 0, "\(show.error)")
    }
}
