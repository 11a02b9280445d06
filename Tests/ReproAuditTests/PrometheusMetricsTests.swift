import Foundation
import Testing
@testable import ReproAudit

@Suite struct PrometheusMetricsTests {
    typealias S = LogTestSupport

    @Test func rendersFamiliesWithHelpTypeAndEscapedLabels() {
        let records = [
            S.record("a", time: S.base, integrity: .mismatch,
                     findings: [Finding(code: "checksum-mismatch", severity: .critical, message: "x")]).json,
            S.record("b", time: S.base, safety: .unsafe,
                     findings: [Finding(code: "weird\"code\\\n", severity: .warning, message: "y")]).json,
        ]
        var counters = DaemonCounters(logWriteErrors: 2)
        counters.count(S.record("a", time: S.base + 1500, integrity: .mismatch))
        let text = PrometheusMetrics.render(latest: records, counters: counters)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("# TYPE reproaudit_models_by_integrity gauge"))
        #expect(lines.contains(#"reproaudit_models_by_integrity{integrity="mismatch"} 1"#))
        #expect(lines.contains(#"reproaudit_models_by_integrity{integrity="corrupt"} 0"#))
        #expect(lines.contains(#"reproaudit_models_by_safety{safety="unsafe"} 1"#))
        #expect(lines.contains(#"reproaudit_findings{code="checksum-mismatch",severity="critical"} 1"#))
        #expect(lines.contains(#"reproaudit_findings{code="weird\"code\\\n",severity="warning"} 1"#))
        #expect(lines.contains("reproaudit_hashed_bytes_total 10"))
        #expect(lines.contains("reproaudit_audit_duration_seconds_count 1"))
        #expect(lines.contains("reproaudit_last_audit_timestamp_seconds 1795910342.5"))
        #expect(lines.contains("reproaudit_log_write_errors_total 2"))
        // Every sample belongs to a family announced by HELP and TYPE before it.
        var announced = Set<String>()
        for line in lines {
            if line.hasPrefix("# TYPE ") { announced.insert(String(line.split(separator: " ")[2])) ; continue }
            if line.hasPrefix("#") { continue }
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            let family = ["_sum", "_count"].reduce(name) { $0.hasSuffix($1) ? String($0.dropLast($1.count)) : $0 }
            #expect(announced.contains(family) || announced.contains(name), "\(line) before its TYPE")
        }
        #expect(text.hasSuffix("\n"))
    }

    @Test func writesAtomically() throws {
        let dir = S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try PrometheusMetrics.write(latest: [], counters: DaemonCounters(), to: RawPath(dir + "/reproaudit.prom"))
        let text = try String(contentsOfFile: dir + "/reproaudit.prom", encoding: .utf8)
        #expect(text.contains("reproaudit_models 0"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["reproaudit.prom"])
    }
}
