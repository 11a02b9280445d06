import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import ReproAudit
@testable import ReproAuditDaemon

/// The daemon as an operator runs it under systemd: journal priorities on stderr, a metrics file
/// node_exporter can read whatever the unit's UMask=, a capped periodic re-verification, network
/// file systems polled.
@Suite struct OperabilityTests {
    @Test func journalPrefixOnlyWhenStderrIsTheJournal() throws {
        for journal in [true, false] {
            let harness = try DaemonHarness(extra: ["poll_seconds": "0.2"])
            try harness.writeConfig(settle: 0.5, watch: [harness.directory + "/not-yet"], extra: ["poll_seconds": "0.2"])
            try harness.start(journal: journal)
            #expect(waitFor(10) { harness.standardError().contains("watch-root-missing") })
            // Several poll periods: the missing root is looked for again, but said only once.
            usleep(1_200_000)
            #expect(harness.stop() == 0)
            let lines = harness.standardError().split(separator: "\n").filter { $0.contains("watch-root-missing") }
            #expect(lines.count == 1, "\(lines)")
            if journal {
                #expect(lines.first?.hasPrefix("<4>reproaudit: watch-root-missing: watch root ") == true, "\(lines)")
            } else {
                #expect(lines.first?.hasPrefix("reproaudit: watch-root-missing: watch root ") == true, "\(lines)")
            }
            // A warning in the log, once; not an error.
            #expect(harness.events("warning").filter { $0["code"]?.stringValue == "watch-root-missing" }.count == 1)
            #expect(harness.events("error").isEmpty)
        }
    }

    @Test func journalStreamMustNameStderr() throws {
        var status = stat()
        #expect(fstat(2, &status) == 0)
        #expect(JournalStream.isJournal(descriptor: 2, environment: ["JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino)"]))
        #expect(!JournalStream.isJournal(descriptor: 2, environment: ["JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino &+ 1)"]))
        #expect(!JournalStream.isJournal(descriptor: 2, environment: ["JOURNAL_STREAM": "garbage"]))
        #expect(!JournalStream.isJournal(descriptor: 2, environment: [:]))
        #expect(JournalStream.line("a\nb", priority: .error, journal: true) == "<3>a b")
        #expect(JournalStream.line("a", priority: .notice, journal: false) == "a")
    }

    @Test func metricsFileIsReadableByOthersWhateverTheUmask() throws {
        let harness = try DaemonHarness()
        let metrics = harness.directory + "/state/metrics/reproaudit.prom"
        try harness.writeConfig(settle: 0.5, extra: ["metrics_file": "\"\(metrics)\""])
        try harness.makeModel("m")
        try harness.start(umask: "0077")
        #expect(waitFor(20) { FileManager.default.fileExists(atPath: metrics) })
        #expect(harness.stop() == 0)
        var status = stat()
        #expect(stat(metrics, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o644)
        #expect(stat(harness.directory + "/state/metrics", &status) == 0)
        #expect(status.st_mode & 0o777 == 0o755)
        // The state itself stays private under that umask.
        #expect(stat(harness.directory + "/state/state.json", &status) == 0)
        #expect(status.st_mode & 0o077 == 0)
        // As another user (node_exporter's), when the tests run as root and setpriv exists.
        if getuid() == 0, let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            _ = chmod(harness.directory, 0o755)
            // What the unit's StateDirectoryMode=0751 does to /var/lib/reproaudit (made 0700 here by the umask).
            _ = chmod(harness.directory + "/state", 0o751)
            let read = try ChildProcess.run(setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", "/bin/cat", metrics])
            #expect(read.status == 0, "\(String(decoding: read.stderr, as: UTF8.self))")
            #expect(String(decoding: read.stdout, as: UTF8.self).contains("reproaudit_models 1"))
        }
    }

    @Test func metricsWriteFailureIsSaidOnceOnStderrAndInTheLog() throws {
        let harness = try DaemonHarness()
        // A regular file where the metrics folder should be: every write fails the same way.
        let blocker = harness.directory + "/blocker"
        try "x".write(toFile: blocker, atomically: false, encoding: .utf8)
        try harness.writeConfig(settle: 0.3, extra: ["metrics_file": "\"\(blocker)/reproaudit.prom\""])
        try harness.makeModel("a")
        try harness.start(journal: true)
        #expect(waitFor(20) { harness.events("error").contains { $0["code"]?.stringValue == "metrics-unwritable" } })
        try harness.makeModel("b")
        #expect(waitFor(20) { harness.events("audit").count >= 2 })
        #expect(harness.stop() == 0)
        #expect(harness.events("error").filter { $0["code"]?.stringValue == "metrics-unwritable" }.count == 1)
        let lines = harness.standardError().split(separator: "\n").filter { $0.contains("metrics-unwritable") }
        #expect(lines.count == 1 && lines[0].hasPrefix("<3>reproaudit: metrics-unwritable: "), "\(lines)")
    }

    @Test func rateLimiterHoldsReadsBack() {
        // 6 MB at 10 MB/s: at least 0.6 s less the 50 ms saved for gaps. Only the lower bound is checked.
        let limiter = ReadRateLimiter(bytesPerSecond: 10_000_000)
        let start = MonotonicClock.now()
        for _ in 0..<6 { limiter.charge(1_000_000) }
        #expect(MonotonicClock.now() - start >= 500_000_000)
        // Cancelling stops the wait at once.
        let slow = ReadRateLimiter(bytesPerSecond: 1)
        let before = MonotonicClock.now()
        slow.charge(1_000_000, isCancelled: { true })
        #expect(MonotonicClock.now() - before < 1_000_000_000)
    }

    @Test func reverifyPeriodThatCannotBeMetIsSaidOnce() throws {
        // 8 KB per cycle at 1 kB/s takes 8 s; the period is 0.36 s.
        let harness = try DaemonHarness(extra: ["reverify_hours": "0.0001", "reverify_rate_mb_s": "0.001"])
        try harness.makeModel("m", count: 2000)
        try harness.start()
        #expect(waitFor(20) { harness.events("warning").contains { $0["code"]?.stringValue == "reverify-period-not-met" } })
        let status = try harness.status()
        #expect(status["reverify"]?["period_met"]?.boolValue == false)
        #expect(status["reverify"]?["rate_mb_s"]?.doubleValue == 0.001)
        usleep(1_000_000)
        // Stops promptly although a rate-limited re-verification is reading.
        #expect(harness.stop(timeout: 10) == 0)
        #expect(harness.events("warning").filter { $0["code"]?.stringValue == "reverify-period-not-met" }.count == 1)
        #expect(harness.standardError().split(separator: "\n").filter { $0.contains("reverify-period-not-met") }.count == 1)
    }

    @Test func networkFileSystemsAreRecognisedByMagic() {
        for (magic, name) in [(UInt64(0x6969), "nfs"), (0xFF53_4D42, "cifs"), (0xFE53_4D42, "smb2"), (0x0BD0_0BD0, "lustre"),
                              (0x6573_5546, "fuse"), (0x00C3_6400, "ceph"), (0x0102_1997, "9p")] {
            #expect(FileSystemType(magic: magic).networkName == name)
            #expect(FileSystemType(magic: magic).pseudoName == nil)
        }
        #expect(FileSystemType(magic: 0xEF53).networkName == nil)  // ext4
        #expect(FileSystemType(magic: 0x0102_1994).networkName == nil)  // tmpfs
        #expect(FileSystemType(magic: 0x5346_414F).pseudoName == nil)  // AFS holds files; it is not selinuxfs
        #expect(FileSystemType(magic: 0xF97C_FF8C).pseudoName == "selinuxfs")
        // The folder the tests run in is local: watched, not polled.
        #expect((try? FileSystemType.of(RawPath(FileManager.default.temporaryDirectory.path)))?.networkName == nil)
    }

    @Test func reverifyRateIsAConfigurationKey() throws {
        let path = RawPath("/x.json")
        #expect(try Configuration.parse(Array("{\"watch\":[\"/m\"]}".utf8), file: path).reverifyRateMBs == 100)
        #expect(try Configuration.parse(Array("{\"watch\":[\"/m\"],\"reverify_rate_mb_s\":0}".utf8), file: path).reverifyRateMBs == 0)
        #expect(throws: ConfigurationError.self) { try Configuration.parse(Array("{\"watch\":[\"/m\"],\"reverify_rate_mb_s\":-1}".utf8), file: path) }
    }
}
