import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import ReproAudit
@testable import ReproAuditDaemon

extension DaemonTests {
    /// Item 18 end to end: a name that is not UTF-8 travels from the command line to the daemon as
    /// its exact bytes (`path_bytes` on the wire) and rescans that model, not the one whose name is
    /// its lossy U+FFFD spelling.
    @Test func nonUTF8PathRescansTheRightModel() throws {
        let harness = try DaemonHarness(settle: 0.3)
        let template = harness.directory + "/template"
        try harness.makeModel("t", root: template)
        let latin1 = harness.models + "/caf\\351"                 // printf spelling of "caf" + 0xE9
        let replacement = harness.models + "/caf\\357\\277\\275"   // "caf" + U+FFFD in UTF-8
        let setup = "cp -r '\(template)/t' \"$(printf '\(latin1)')\" && cp -r '\(template)/t' \"$(printf '\(replacement)')\""
        #expect(try ChildProcess.run("/bin/sh", ["-c", setup]).status == 0)
        try harness.start()
        #expect(waitFor(15) { harness.events("audit").count >= 2 })

        let rescan = try ChildProcess.run("/bin/sh", ["-c", "exec \"$0\" rescan \"$(printf '\(latin1)')\" --wait --socket '\(harness.socketPath)'", DaemonHarness.binary])
        #expect(rescan.status == 0, "\(String(decoding: rescan.stdout, as: UTF8.self)) \(String(decoding: rescan.stderr, as: UTF8.self))")
        let manual = harness.events("audit").filter { $0["trigger"]?.stringValue == "manual" }
        let exact = Base64.encode(Array(harness.models.utf8) + Array("/caf".utf8) + [0xE9])
        #expect(manual.count == 1, "one model rescanned: \(manual.map { $0["model"]?["path"]?.stringValue ?? "?" })")
        #expect(manual.first?["model"]?["path_bytes"]?.stringValue == exact, "the model with the exact bytes")
        let request = try #require(harness.events("rescan.requested").last)
        #expect(request["paths"]?[0]?["path_bytes"]?.stringValue == exact, "the request names the exact bytes")
        #expect(harness.stop() == 0)
    }
}
