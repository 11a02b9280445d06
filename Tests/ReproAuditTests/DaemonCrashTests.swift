import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import ReproAudit
@testable import ReproAuditDaemon

/// kill -9 under churn, and the per-root change policy, on the real daemon. Part of `DaemonTests`.
extension DaemonTests {
    /// 20+ random kill -9 while models keep changing: no record is lost (every digest the daemon
    /// ever knew as a file's previous content is in an earlier record of the log), no temporary
    /// file is left behind, and the chain verifies.
    @Test func killNineLoopUnderChurnLosesNoRecord() throws {
        let harness = try DaemonHarness(settle: 0.05)
        let names = ["a", "b", "c"]
        for name in names { try harness.makeModel(name) }
        var generator = SystemRandomNumberGenerator()
        var fill: UInt8 = 2
        let kills = 22
        for _ in 0..<kills {
            try harness.start()
            // Churn: rewrite weights while the daemon audits, then kill it at a random moment.
            let until = Date().addingTimeInterval(Double.random(in: 0.2...0.9, using: &generator))
            while Date() < until {
                let name = names.randomElement(using: &generator)!
                fill = fill == 250 ? 2 : fill + 1
                try DaemonHarness.writeSafetensors(harness.models + "/\(name)/model.safetensors", count: 1000, fill: fill)
                usleep(UInt32.random(in: 20_000...150_000, using: &generator))
            }
            #expect(harness.stop(signal: SIGKILL) != nil)
        }
        // A last, clean run audits whatever the kills left unrecorded.
        try harness.start()
        var expected: [String: String] = [:]
        for name in names {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: harness.models + "/\(name)/model.safetensors"))
            expected[name] = MessageDigest.hex(.sha256, of: Array(bytes))
        }
        func latestDigest(_ name: String) -> String? {
            harness.audits(of: harness.models + "/" + name).last?["checks"]?["weights"]?["files"]?[0]?["sha256"]?.stringValue
        }
        #expect(waitFor(30) { names.allSatisfy { latestDigest($0) == expected[$0] } }, "the last record of each model has its bytes")
        #expect(harness.stop() == 0)

        let lines = Self.allLines(harness)
        #expect(lines.allSatisfy { $0["schema"]?.int64Value == 1 }, "every line parses")
        for name in names {
            var seen = Set<String>()
            for record in harness.audits(of: harness.models + "/" + name) {
                for change in record["changes"]?["files"]?.arrayValue ?? [] {
                    if let previous = change["previous_sha256"]?.stringValue {
                        #expect(seen.contains(previous), "\(name): the state knew \(previous.prefix(12)) but no record of it reached the log")
                    }
                }
                for file in record["checks"]?["weights"]?["files"]?.arrayValue ?? [] {
                    if let sha = file["sha256"]?.stringValue { seen.insert(sha) }
                }
            }
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: harness.stateDirectory).filter { $0.contains(".tmp.") }
        #expect(leftovers.isEmpty, "left behind: \(leftovers)")
        let verify = try DaemonHarness.run(["log", "--verify", "--config", harness.configPath])
        #expect(verify.status == 0, "\(verify.output) \(verify.error)")
        #expect(harness.events("daemon.start").count == kills + 1)
    }

    /// `on_change`: under `alarm` a content change of a baselined file is `mismatch` until accepted;
    /// under `record` (the default) it is a new, `unverified` version with `changes`.
    @Test func onChangeAlarmRaisesMismatchUntilAccepted() throws {
        let harness = try DaemonHarness(settle: 0.2)
        let alarmed = harness.directory + "/prod"
        try harness.makeModel("p", root: alarmed)
        try harness.makeModel("r")
        try harness.writeConfig(settle: 0.2, extra: [
            "watch": "[\"\(harness.models)\", {\"path\": \"\(alarmed)\", \"on_change\": \"alarm\"}]",
        ])
        try harness.start()
        #expect(waitFor(10) { !harness.audits(of: alarmed + "/p").isEmpty && !harness.audits(of: harness.models + "/r").isEmpty })
        usleep(1_100_000)   // a new mtime second
        try DaemonHarness.writeSafetensors(alarmed + "/p/model.safetensors", fill: 9)
        try DaemonHarness.writeSafetensors(harness.models + "/r/model.safetensors", fill: 9)
        #expect(waitFor(15) { harness.audits(of: alarmed + "/p").count >= 2 && harness.audits(of: harness.models + "/r").count >= 2 })
        let alarm = try #require(harness.audits(of: alarmed + "/p").last)
        #expect(alarm["verdict"]?["integrity"]?.stringValue == "mismatch")
        #expect(alarm["findings"]?.arrayValue?.contains { $0["code"]?.stringValue == "baseline-changed" && $0["severity"]?.stringValue == "critical" } == true)
        let recorded = try #require(harness.audits(of: harness.models + "/r").last)
        #expect(recorded["verdict"]?["integrity"]?.stringValue == "unverified")
        #expect(recorded["changes"]?["files"]?[0]?["change"]?.stringValue == "modified")

        // The alarm stands on a rescan, and clears once accepted.
        #expect(try harness.cli(["rescan", alarmed + "/p", "--wait", "--socket", harness.socketPath]).status == 1)
        let accept = try harness.cli(["accept", alarmed + "/p", "--socket", harness.socketPath])
        #expect(accept.status == 0, "\(accept.output) \(accept.error)")
        #expect(harness.audits(of: alarmed + "/p").last?["verdict"]?["integrity"]?.stringValue == "unverified")
        #expect(harness.stop() == 0)
    }
}
