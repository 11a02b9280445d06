import Foundation
import Testing
@testable import ReproAudit

@Suite struct LogReaderTests {
    typealias S = LogTestSupport

    @Test func readsRotatedAndGzippedFilesOldestFirstAndSkipsTornLines() throws {
        let dir = S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = dir + "/audit.jsonl"
        // Oldest in .3.gz, then .2 (plain), .1.gz, then the current file.
        S.write([S.record("m0", time: S.base).line, S.record("m1", time: S.base + 1).line], to: log + ".3")
        S.gzip(log + ".3")
        S.write([S.record("m2", time: S.base + 2).line], to: log + ".2")
        S.write([S.record("m3", time: S.base + 3).line], to: log + ".1")
        S.gzip(log + ".1")
        let torn = Array(S.record("torn", time: S.base + 4).line.prefix(80))  // a crash mid-write…
        let next = S.record("m4", time: S.base + 5).line  // …and the next write appended after it
        S.write([torn + next, Array("not json at all\n".utf8), Array("{\"foreign\":true}\n".utf8),
                 LogEvent(time: Timestamp(millisecondsSinceEpoch: S.base + 6), event: "daemon.stop", host: "h").line], to: log)
        // A file that merely looks rotated is ignored.
        S.write([Array("garbage\n".utf8)], to: log + ".old")

        let (lines, statistics) = try S.readAll(log)
        let names = lines.compactMap { try? JSONParser().parse($0)["model"]?["name"]?.stringValue }
        #expect(names == ["m0", "m1", "m2", "m3"])
        #expect(lines.count == 5)
        #expect(statistics.linesSkipped == 3)
        #expect(statistics.filesRead == 4)
        // Lines come out byte for byte.
        #expect(lines[0] + [0x0A] == S.record("m0", time: S.base).line)
    }

    @Test func scannerRejectsTornConcatenationsAndFindsFields() throws {
        let good = S.record("org/x", time: S.base).line.dropLast()
        let fields = try #require(Array(good).withUnsafeBufferPointer(LogLineScanner.scan))
        Array(good).withUnsafeBufferPointer { buffer in
            let line = LogLine(bytes: buffer, fields: fields, sequence: 0)
            #expect(line.event == "audit")
            #expect(line.modelName == "org/x")
            #expect(line.time == Timestamp(millisecondsSinceEpoch: S.base))
            #expect(line.field(fields.integrity, equals: "verified"))
        }
        for bad in [#"{"a":1,"che{"schema":1,"time":"x"}"#, #"{"a":[1,2}"#, #"{"a":"b"} x"#, #"{"a":01}"#, #"{"a":"\q"}"#, "[1]"] {
            #expect(Array(bad.utf8).withUnsafeBufferPointer(LogLineScanner.scan) == nil, "accepted \(bad)")
        }
    }

    @Test func nonUTF8PathsRoundTrip() throws {
        let dir = S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let raw = RawPath(bytes: Array("/srv/models/caf".utf8) + [0xE9, 0xFF])
        S.write([S.record("odd", path: raw, time: S.base).line], to: dir + "/audit.jsonl")
        var paths: [RawPath] = []
        try AuditLogReader(path: RawPath(dir + "/audit.jsonl")).read { paths.append($0.modelPath!) }
        #expect(paths == [raw])
    }

    @Test func sinceSeeksInsteadOfReadingEverything() throws {
        let dir = S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = dir + "/audit.jsonl"
        let count = 20_000
        var lines: [[UInt8]] = []
        for index in 0..<count {
            lines.append(S.record("m\(index % 50)", time: S.base + Int64(index) * 1000).line)
        }
        lines.insert(Array("torn {\"time\n".utf8), at: count / 2)
        S.write(lines, to: log)
        let since = Timestamp(millisecondsSinceEpoch: S.base + Int64(count - 100) * 1000)
        var reader = AuditLogReader(path: RawPath(log))
        reader.seekGranularity = 8 << 10
        var times: [Timestamp] = []
        let statistics = try reader.read(since: since) { times.append($0.time!) }
        #expect(times.count == 100)
        #expect(times.first == since)
        #expect(statistics.bytesRead < statistics.bytesTotal / 20, "read \(statistics.bytesRead) of \(statistics.bytesTotal)")
        // Every probe position gives the same answer as a full read.
        let (all, _) = try S.readAll(log)
        #expect(all.count == count)
    }

    @Test func sinceParsesRelativeAndAbsoluteTimes() {
        let now = Timestamp(millisecondsSinceEpoch: S.base)
        #expect(LogFilter.parseTime("2h", now: now)?.millisecondsSinceEpoch == S.base - 7_200_000)
        #expect(LogFilter.parseTime("30m", now: now)?.millisecondsSinceEpoch == S.base - 1_800_000)
        #expect(LogFilter.parseTime("7d", now: now)?.millisecondsSinceEpoch == S.base - 7 * 86_400_000)
        #expect(LogFilter.parseTime("2026-11-28T23:59:01Z", now: now) == now)
        #expect(LogFilter.parseTime("2026-11-28", now: now)?.rfc3339 == "2026-11-28T00:00:00.000Z")
        #expect(LogFilter.parseTime("yesterday", now: now) == nil)
        #expect(LogFilter.parseTime("5x", now: now) == nil)
    }

    @Test func corruptGzipIsAWarningNotACrash() throws {
        let dir = S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = dir + "/audit.jsonl"
        S.write([Array("\u{1F}\u{8B}this is not deflate data at all".utf8)], to: log + ".1.gz")
        S.write([S.record("m", time: S.base).line], to: log)
        let (lines, statistics) = try S.readAll(log)
        #expect(lines.count == 1)
        #expect(statistics.warnings.count == 1)
    }

    @Test func missingLogIsAnErrorNamingTheFile() {
        #expect(throws: AuditLogError("log /nonexistent/audit.jsonl: No such file or directory", errno: ENOENT)) {
            try AuditLogReader(path: "/nonexistent/audit.jsonl").read { _ in }
        }
    }

    /// Follows `log` on a thread, collecting model names, until `count` lines were seen or
    /// `maximumPolls` idle polls passed; `done` turns true when the reader returned.
    static func follow(_ log: String, pollMilliseconds: Int, maximumPolls: Int, until count: Int) -> (seen: Locked<[String]>, done: Locked<Bool>) {
        let seen = Locked<[String]>([])
        let done = Locked(false)
        let thread = Thread {
            var polls = 0
            _ = try? AuditLogReader(path: RawPath(log)).read(follow: true, pollMilliseconds: pollMilliseconds, idle: {
                polls += 1
                return polls < maximumPolls && seen.current.count < count
            }) { line in
                seen.withLock { $0.append(line.modelName ?? "?") }
            }
            done.withLock { $0 = true }
        }
        thread.start()
        return (seen, done)
    }

    @Test func followSeesAppendedLinesAcrossRotation() throws {
        let dir = S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = dir + "/audit.jsonl"
        S.write([S.record("before", time: S.base).line], to: log)
        let (seen, done) = Self.follow(log, pollMilliseconds: 20, maximumPolls: 500, until: 3)
        func waitFor(_ count: Int) {
            for _ in 0..<300 where seen.current.count < count { usleep(10_000) }
        }
        waitFor(1)
        S.append(S.record("appended", time: S.base + 1).line, to: log)
        waitFor(2)
        try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
        S.write([S.record("after-rotation", time: S.base + 2).line], to: log)
        waitFor(3)
        for _ in 0..<300 where !done.current { usleep(10_000) }
        #expect(seen.current == ["before", "appended", "after-rotation"])
    }

    @Test func followSurvivesCopytruncateThatGrowsPastTheOldOffset() throws {
        let dir = S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = dir + "/audit.jsonl"
        S.write([S.record("before", time: S.base).line], to: log)
        let (seen, done) = Self.follow(log, pollMilliseconds: 300, maximumPolls: 20, until: 4)
        for _ in 0..<300 where seen.current.isEmpty { usleep(10_000) }
        // logrotate's copytruncate, then more than the old size written before the reader looks again.
        #expect(truncate(log, 0) == 0)
        S.append(S.record("first-after-truncate", time: S.base + 1).line + S.record("second", time: S.base + 2).line
                 + S.record("third", time: S.base + 3).line, to: log)
        for _ in 0..<600 where !done.current { usleep(10_000) }
        #expect(seen.current == ["before", "first-after-truncate", "second", "third"])
    }
}
