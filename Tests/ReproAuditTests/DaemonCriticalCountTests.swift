import Foundation
import Testing
import ReproAudit
@testable import ReproAuditDaemon

/// The daemon counts a model as critical exactly when its record is (`AuditRecord.isCritical`): any
/// critical finding, not only a `mismatch`, `corrupt` or `unsafe` verdict. Before, its STATUS= line
/// and `status` counted only those three verdicts, so a model missing a required signature
/// (integrity `verified`, safety `safe`, a critical `signature-required`) was not counted.
@Suite struct DaemonCriticalCountTests {
    @Test func aCriticalFindingWithoutACriticalVerdictIsCounted() throws {
        let harness = try DaemonHarness(settle: 0.3, extra: ["signatures": #"{"require": true}"#])
        try harness.makeModel("unsigned")
        let model = harness.models + "/unsigned"
        let listener = try NotifyListener(path: harness.directory + "/notify.sock")
        try harness.start(environment: ["NOTIFY_SOCKET": listener.path])
        #expect(waitFor(30) { !harness.audits(of: model).isEmpty }, "\(harness.standardError())")
        let record = try #require(harness.audits(of: model).last)
        #expect(record["verdict"]?["integrity"]?.stringValue != "mismatch")
        #expect(record["verdict"]?["safety"]?.stringValue != "unsafe")
        #expect(ModelReport.isCritical(record), "the record itself is critical: \(record["findings"] ?? .null)")

        #expect(waitFor(30) { (try? harness.status())?["critical"]?.int64Value == 1 })
        let messages = listener.receive(until: "1 critical", seconds: 30)
        #expect(messages.contains { $0.contains("STATUS=") && $0.contains("1 model(s), 1 critical") }, "\(messages)")
        #expect(harness.stop() == 0)

        // After a restart the count comes from the state file, and says the same.
        try harness.start()
        #expect(waitFor(30) { (try? harness.status())?["critical"]?.int64Value == 1 })
        #expect(harness.stop() == 0)
    }
}
