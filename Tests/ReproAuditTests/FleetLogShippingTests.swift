import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import ReproAudit
@testable import ReproAuditDaemon

/// The shipped rsyslog configuration (packaging/rsyslog/) carries two hosts' audit logs to a central
/// rsyslog through the daemon's own rotations, with records of 64 KiB and more: every line arrives once,
/// byte for byte, in one file per host, and `reproaudit log --log DIR` reads the fleet.
///
/// Runs its own rsyslogd processes (own configuration, pid file, work folder, loopback port), never the
/// system's. Skipped when rsyslogd is not installed, unless REPROAUDIT_REQUIRE_TOOLS=1.
@Suite struct FleetLogShippingTests {
    static let rsyslogd = ["/usr/sbin/rsyslogd", "/sbin/rsyslogd"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let required = ProcessInfo.processInfo.environment["REPROAUDIT_REQUIRE_TOOLS"] == "1"

    @Test func rsyslogCarriesEveryRecordOnceThroughRotations() throws {
        guard let rsyslogd = Self.rsyslogd else {
            #expect(!Self.required, "rsyslogd is not installed (apt-get install rsyslog) and REPROAUDIT_REQUIRE_TOOLS=1")
            print("FleetLogShippingTests: rsyslogd not installed; skipped (apt-get install rsyslog)")
            return
        }
        let directory = TemporaryDirectory("rsyslog")
        let root = directory.path
        let central = root + "/central"
        let port = try Self.freeLoopbackPort()
        let shipped = DaemonHarness.packageRoot + "/packaging/rsyslog/"

        // The shipped files with this test's paths, port and host names.
        func configure(_ name: String, _ replacements: [(String, String)], prefix: String) throws -> String {
            var text = try String(contentsOfFile: shipped + name, encoding: .utf8)
            #expect(text.contains("maxMessageSize"))
            for (from, to) in replacements {
                #expect(text.contains(from), "\(name) no longer contains \(from)")
                text = text.replacingOccurrences(of: from, with: to)
            }
            let path = root + "/" + prefix + ".conf"
            try (text + "\n").write(toFile: path, atomically: false, encoding: .utf8)
            return path
        }
        var daemons: [Process] = []
        defer {
            // Forwarders first, then the central one; whatever does not stop within a second is killed
            // (rsyslogd may take many seconds to give up on a peer that is gone; nothing is left to send).
            for process in daemons.reversed() where process.isRunning {
                process.terminate()
                if !waitFor(1, { !process.isRunning }) { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
            }
        }
        func launch(_ config: String, _ name: String, workDirectory: String, hostName: String? = nil) throws {
            try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
            var text = try String(contentsOfFile: config, encoding: .utf8)
            text = "global(workDirectory=\"\(workDirectory)\"" + (hostName.map { " localHostname=\"\($0)\"" } ?? "") + ")\n" + text
            try text.write(toFile: config, atomically: false, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: rsyslogd)
            process.arguments = ["-n", "-f", config, "-i", root + "/" + name + ".pid"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            daemons.append(process)
        }

        let centralConfig = try configure("reproaudit-central.conf", [
            ("/srv/reproaudit-fleet", central),
            ("input(type=\"imtcp\" Port=\"10514\"", "input(type=\"imtcp\" Address=\"127.0.0.1\" Port=\"\(port)\""),
        ], prefix: "central")
        try launch(centralConfig, "central", workDirectory: root + "/central-work")

        let hosts = ["gpu-01", "gpu-02"]
        var writers: [AuditLogWriter] = []
        for host in hosts {
            let log = root + "/\(host)/audit.jsonl"
            let config = try configure("reproaudit-forward.conf", [
                ("/var/log/reproaudit/audit.jsonl", log), ("logs.example.org", "127.0.0.1"), ("Port=\"10514\"", "Port=\"\(port)\""),
            ], prefix: host)
            try launch(config, host, workDirectory: root + "/\(host)-work", hostName: host)
            // The daemon's own writer and rotation: 256 KiB files, all kept.
            let writer = AuditLogWriter(path: RawPath(log), rotateBytes: 256 << 10, keep: 50, queueLimit: 100_000)
            writer.open()
            writers.append(writer)
        }

        // 300 records per host in batches, some of 64 KiB and more: several rotations each.
        var expected: [String: Set<String>] = [:]
        for batch in 0..<30 {
            for (index, host) in hosts.enumerated() {
                for item in 0..<10 {
                    let id = "\(host)-\(batch)-\(item)"
                    let padding = item == 3 ? 70_000 + batch * 100 : 200
                    let line = "{\"schema\":1,\"time\":\"2026-12-02T10:\(String(format: "%02d", batch)):\(String(format: "%02d", item)).000Z\",\"event\":\"audit\",\"host\":\"\(host)\","
                        + "\"model\":{\"path\":\"/srv/models/\(id)\",\"layout\":\"folder\",\"name\":\"\(id)\"},"
                        + "\"verdict\":{\"integrity\":\"verified\",\"safety\":\"safe\",\"openness\":\"unknown\",\"mof_class\":null},"
                        + "\"pad\":\"\(String(repeating: "x", count: padding))\"}\n"
                    writers[index].enqueue(Array(line.utf8))
                    expected[host, default: []].insert(String(line.dropLast()))
                }
                #expect(writers[index].flush())
            }
            usleep(50_000)
        }
        for writer in writers { writer.close() }
        #expect(FileManager.default.fileExists(atPath: root + "/gpu-01/audit.jsonl.3"), "the test must go through rotations")
        // What the writer really wrote (it adds the hash chain's `prev` to each line), over every file.
        for host in hosts {
            let folder = root + "/\(host)"
            var written = Set<String>()
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasPrefix("audit.jsonl") {
                let data = FileManager.default.contents(atPath: folder + "/" + name) ?? Data()
                written.formUnion(String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init))
            }
            #expect(written.count == expected[host]!.count, "\(host): \(written.count) lines in the files, \(expected[host]!.count) records enqueued")
            expected[host] = written
        }

        func received(_ host: String) -> [String] {
            guard let data = FileManager.default.contents(atPath: central + "/\(host).jsonl") else { return [] }
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        #expect(waitFor(90) { hosts.allSatisfy { received($0).count >= expected[$0]!.count } })
        usleep(1_000_000)  // anything late would be a duplicate
        for host in hosts {
            let lines = received(host)
            #expect(lines.allSatisfy { $0.contains("\"prev\":") }, "every shipped line carries the chain")
            #expect(lines.count == expected[host]!.count, "\(host): \(lines.count) lines, \(expected[host]!.count) written")
            #expect(Set(lines) == expected[host]!, "\(host): lines differ from what the daemon wrote")
            #expect(lines.contains { $0.utf8.count >= 64 << 10 })
        }

        // The fleet through the command line: a folder, a pattern, and --host.
        let all = try DaemonHarness.run(["log", "--log", central + "/", "--json"])
        #expect(all.status == 0, "\(all.error)")
        #expect(all.output.split(separator: "\n").count == 600)
        let pattern = try DaemonHarness.run(["log", "--log", central + "/*.jsonl", "--host", "gpu-02", "--json"])
        #expect(pattern.status == 0, "\(pattern.error)")
        let lines = pattern.output.split(separator: "\n")
        #expect(lines.count == 300)
        #expect(lines.allSatisfy { $0.contains("\"host\":\"gpu-02\"") })
        let table = try DaemonHarness.run(["log", "--log", central, "--latest", "--model", "gpu-01-29-3"])
        #expect(table.status == 0, "\(table.error)")
        #expect(table.output.contains("HOST") && table.output.contains("gpu-01"), "\(table.output)")
    }

    /// A loopback TCP port nobody listens on now.
    static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw HarnessError("cannot bind a loopback port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
