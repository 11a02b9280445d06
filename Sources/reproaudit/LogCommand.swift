#if canImport(Glibc)
import Glibc
#endif
import ReproAudit
import ReproAuditDaemon

/// `reproaudit log`: reads the audit log, filters it, prints a table or the records.
struct LogCommand: Command {
    static let name = "log"
    static let abstract = "Read the audit log: what was audited, when, and with which verdicts"
    static let help = """
        USAGE: reproaudit log [--config FILE | --log FILE] [--model TEXT] [--since TIME]
                              [--integrity V] [--safety V] [--openness V] [--event E]
                              [--latest] [--follow] [--json]
               reproaudit log --verify [--config FILE | --log FILE]

        Reads the audit log, rotated files included (audit.jsonl.1, audit.jsonl.2.gz, …), oldest first,
        and prints one row per line: time, model, integrity, safety, openness, licence. Torn or foreign
        lines are skipped and counted on stderr.

        OPTIONS:
          --log FILE        The audit log to read (default: "audit_log" of the configuration).
          --config FILE     Configuration naming the log (default /etc/reproaudit/config.json).
          --model TEXT      Only models whose name or path contains TEXT (case-insensitive).
          --since TIME      Only lines from TIME on: RFC 3339 (2026-11-28T12:00:00Z), a date
                            (2026-11-28), or a span back from now (90s, 30m, 2h, 7d, 2w).
          --integrity V     verified, unverified, mismatch, incomplete, corrupt, error.
          --safety V        safe, unsafe, unknown.
          --openness V      open-source, open-weights, restricted, unknown.
          --event E         audit, removed, accepted, error, daemon.start, daemon.stop, daemon.reload,
                            rescan.requested.
                            Each of these four takes one value or a comma-separated list.
          --latest          Only the newest record of each model still present; the verdict filters
                            then apply to that newest record ("which models are unsafe now").
          --follow          After the end, wait for new lines (survives log rotation). Ctrl-C stops.
          --json            Print the records exactly as they are in the log, one per line.
          --verify          Check the log's hash chain over the current, rotated and gzipped files
                            and name the first line that was removed, edited or reordered.

        EXIT STATUS: 0 done; 1 with --latest, when a model shown has a critical finding, or with
        --verify, when the chain is broken; 2 usage or configuration error; 3 the log could not be read.

        EXAMPLES:
          reproaudit log --since 2h
          reproaudit log --latest --integrity mismatch,corrupt
          reproaudit log --model llama --json | jq .verdict
          reproaudit log --log ./.reproaudit/audit.jsonl --follow
        """

    var location: LogLocationOptions
    var filter = LogFilter()
    var latest: Bool
    var follow: Bool
    var json: Bool
    var verify: Bool

    init(arguments: inout ArgumentReader) throws(UsageError) {
        verify = arguments.flag("--verify")
        latest = arguments.flag("--latest")
        follow = arguments.flag("--follow", "-f")
        json = arguments.flag("--json")
        location = try LogLocationOptions(arguments: &arguments)
        filter.model = try arguments.option("--model")
        if let text = try arguments.option("--since") {
            guard let since = LogFilter.parseTime(text, now: .now()) else {
                throw UsageError("--since takes RFC 3339 (2026-11-28T12:00:00Z), a date, or 30m/2h/7d, not \"\(text)\"")
            }
            filter.since = since
        }
        let integrity = try arguments.option("--integrity")
        let safety = try arguments.option("--safety")
        let openness = try arguments.option("--openness")
        let event = try arguments.option("--event")
        do throws(AuditLogError) {
            if let integrity { filter.integrity = try LogFilter.values(integrity, option: "--integrity", allowed: LogFilter.integrityValues) }
            if let safety { filter.safety = try LogFilter.values(safety, option: "--safety", allowed: LogFilter.safetyValues) }
            if let openness { filter.openness = try LogFilter.values(openness, option: "--openness", allowed: LogFilter.opennessValues) }
            if let event { filter.events = try LogFilter.values(event, option: "--event", allowed: LogFilter.eventValues) }
        } catch {
            throw UsageError(error.message)
        }
        if latest && follow { throw UsageError("--latest and --follow cannot be combined") }
        try arguments.finish()
    }

    func run() -> Int32 {
        var status = ExitStatus.success
        guard let path = location.resolve(status: &status) else { return status }
        if verify { return runVerify(path) }
        let reader = AuditLogReader(path: path)
        do {
            return try latest ? runLatest(reader) : runAll(reader)
        } catch {
            return reportFailure(error)
        }
    }

    /// `--verify`: 0 intact, 1 broken (the first break named), 3 unreadable.
    private func runVerify(_ path: RawPath) -> Int32 {
        let report: LogVerifier.Report
        do {
            report = try LogVerifier(path: path, expectedHead: recordedHead()).verify()
        } catch {
            printErr("reproaudit: " + error.message)
            return ExitStatus.failure
        }
        let files = "\(report.files.count) file\(report.files.count == 1 ? "" : "s")"
        let unchained = report.unchained > 0 ? "; \(report.unchained) older line(s) before the chain begins are not chained" : ""
        if let first = report.breaks.first {
            printOut("chain broken: \(first)")
            if report.breaks.count > 1 { printOut("\(report.breaks.count - 1) more break(s) after it") }
            printOut("\(report.lines) line(s) in \(files) read\(unchained)")
            return ExitStatus.critical
        }
        printOut("chain intact: \(report.chained) chained line(s) in \(files)\(unchained)"
                 + (report.incompleteLastLine ? "; the last line is incomplete (being written)" : ""))
        return ExitStatus.success
    }

    /// The head the daemon kept in `state_dir/log-head`, when the log comes from a configuration.
    private func recordedHead() -> String? {
        guard location.log == nil,
              let configuration = try? Configuration.load(location.configuration.map { RawPath($0) } ?? Configuration.defaultPath),
              let bytes = try? FileSystem.readSmallFile(configuration.stateDirectory.appending("log-head"), limit: 256) else { return nil }
        let text = String(decoding: bytes.prefix(64), as: UTF8.self)
        return Hex.isHex(text, length: 64) ? text : nil
    }

    private func runLatest(_ reader: AuditLogReader) throws(AuditLogError) -> Int32 {
        var collector = LatestRecords()
        let events = filter.events.isEmpty ? ["audit", "removed"] : filter.events
        let statistics = try reader.read(since: filter.since) { line in
            guard filter.matchesIdentity(line), events.contains(where: { line.field(line.fields.event, equals: $0) }) else { return }
            collector.add(line)
        }
        var critical = false
        var output = TableOutput(json: json)
        for bytes in collector.lines {
            let keep: Bool = bytes.withUnsafeBufferPointer { buffer in
                guard let fields = LogLineScanner.scan(buffer) else { return false }
                return filter.matchesVerdict(LogLine(bytes: buffer, fields: fields, sequence: 0))
            }
            guard keep else { continue }
            if let record = try? JSONParser().parse(bytes), ModelReport.isCritical(record) { critical = true }
            output.add(bytes)
        }
        output.finish()
        reportSkipped(statistics, log: reader.path)
        return critical ? ExitStatus.critical : ExitStatus.success
    }

    private func runAll(_ reader: AuditLogReader) throws(AuditLogError) -> Int32 {
        var output = TableOutput(json: json)
        let statistics = try reader.read(since: filter.since, follow: follow, idle: {
            output.flush()
            return !OutputStream.standardOutput.isBroken
        }) { line in
            guard filter.matches(line) else { return }
            output.add(line.bytes)
        }
        output.finish()
        reportSkipped(statistics, log: reader.path)
        return ExitStatus.success
    }
}

/// Collects output lines: raw records for `--json`, aligned table rows otherwise (in batches, so a
/// long log streams and `--follow` shows rows as they come).
struct TableOutput {
    let json: Bool
    var table = LogTable(colour: OutputStream.standardOutput.isTerminal && !ProcessEnvironment.noColour)
    var rows: [[String]] = []
    var headerPrinted = false
    var buffer: [UInt8] = []

    init(json: Bool) {
        self.json = json
        if json { buffer.reserveCapacity(1 << 20) }
    }

    mutating func add<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if json {
            buffer.append(contentsOf: bytes)
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 { flush() }
            return
        }
        guard let record = try? JSONParser().parse(Array(bytes)) else { return }
        rows.append(LogTable.row(for: record))
        if rows.count >= 1000 { flush() }
    }

    mutating func flush() {
        if json {
            if !buffer.isEmpty { OutputStream.standardOutput.write(bytes: buffer) }
            buffer.removeAll(keepingCapacity: true)
        } else if !rows.isEmpty {
            table.fit(rows)
            if !headerPrinted {
                printOut(table.format(LogTable.header, isHeader: true))
                headerPrinted = true
            }
            for row in rows { printOut(table.format(row)) }
            rows.removeAll(keepingCapacity: true)
        }
        OutputStream.standardOutput.flush()
    }

    mutating func finish() { flush() }
}

/// The environment variables the reader commands honour.
enum ProcessEnvironment {
    /// `NO_COLOR` set (https://no-color.org): never colour.
    static var noColour: Bool {
        guard let value = getenv("NO_COLOR") else { return false }
        return value.pointee != 0
    }
}
