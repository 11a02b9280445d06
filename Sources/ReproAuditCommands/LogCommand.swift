import CommandLineParsing
import ReproAudit
import ReproAuditDaemon

/// `reproaudit log`: reads the audit log, filters it, prints a table or the records.
struct LogCommand: ParsableCommand {
    static let model = Option<String>("--model", value: "TEXT", help: "Only models whose name or path contains TEXT (case-insensitive).")
    static let since = Option<String>("--since", value: "TIME",
                                      help: "Only lines from TIME on: RFC 3339 (2026-11-28T12:00:00Z), a date (2026-11-28), or a span back from now (90s, 30m, 2h, 7d, 2w).")
    static let integrity = Option<String>("--integrity", value: "V", help: "Only records with this integrity verdict.",
                                          choices: LogFilter.integrityValues, choiceStyle: .commaSeparated)
    static let safety = Option<String>("--safety", value: "V", help: "Only records with this safety verdict.",
                                       choices: LogFilter.safetyValues, choiceStyle: .commaSeparated)
    static let openness = Option<String>("--openness", value: "V", help: "Only records with this openness verdict.",
                                         choices: LogFilter.opennessValues, choiceStyle: .commaSeparated)
    static let event = Option<String>("--event", value: "E", help: "Only lines of these events.",
                                      choices: LogFilter.eventValues, choiceStyle: .commaSeparated)
    static let latest = Flag("--latest", help: "Only the newest record of each model still present; the verdict filters then apply to that newest record (\"which models are unsafe now\").")
    static let follow = Flag("--follow", "-f", help: "After the end, wait for new lines (survives log rotation). Ctrl-C stops.")
    static let json = Flag("--json", help: "Print the records exactly as they are in the log, one per line.")
    static let host = Option<String>("--host", value: "H", help: "Only lines written by these hosts (the record's \"host\", comma-separated); adds a HOST column.")
    static let verify = Flag("--verify", help: "Check the log's hash chain over the current, rotated and gzipped files and name the first line that was removed, edited or reordered; with --config, also the head kept in state_dir/log-head.")

    static let declaration = CommandDeclaration(
        name: "log",
        abstract: "Read the audit log: what was audited, when, and with which verdicts.",
        discussion: """
            Reads the audit log, rotated files included (audit.jsonl.1, audit.jsonl.2.gz, …), oldest first, \
            and prints one row per line: time, model, integrity, safety, openness, licence. Torn or foreign \
            lines are skipped and counted on stderr. With --log naming a folder or a pattern, every host's \
            log is read (one after the other) and the table gets a HOST column.
            """,
        arguments: [LogLocationOptions.log, LogLocationOptions.config, model, since, integrity, safety, openness, event,
                    host, latest, follow, json, ColorChoice.option, verify],
        exclusive: [LogLocationOptions.exclusive, .init(latest, follow, message: "--latest and --follow cannot be combined"),
                    .init(verify, follow, message: "--verify reads the log once; it cannot --follow"),
                    .init(verify, latest, message: "--verify checks every line; it cannot be combined with --latest")],
        exitStatuses: [
            .init(0, "done"),
            .init(1, "with --latest, a model shown has a critical finding; with --verify, the chain is broken"),
            .init(2, "usage or configuration error"),
            .init(3, "the log could not be read"),
        ],
        examples: [
            .init("reproaudit log --since 2h"),
            .init("reproaudit log --latest --integrity mismatch,corrupt"),
            .init("reproaudit log --model llama --json | jq .verdict"),
            .init("reproaudit log --log ./.reproaudit/audit.jsonl --follow"),
            .init("reproaudit log --log /srv/reproaudit-fleet/ --latest --integrity mismatch --host gpu-07"),
            .init("reproaudit log --verify", "is any line of the trail missing, edited or out of order?"),
        ]
    )

    var location: LogLocationOptions
    var filter = LogFilter()
    var latest: Bool
    var follow: Bool
    var json: Bool
    var verify: Bool
    var color: Bool

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        verify = arguments.flag(Self.verify)
        latest = arguments.flag(Self.latest)
        follow = arguments.flag(Self.follow)
        json = arguments.flag(Self.json)
        color = try ColorChoice(arguments).isEnabled
        location = try LogLocationOptions(arguments)
        filter.model = try arguments.value(Self.model)
        if let text = try arguments.value(Self.since) {
            guard let since = LogFilter.parseTime(text, now: .now()) else {
                throw UsageError("--since takes RFC 3339 (2026-11-28T12:00:00Z), a date, or 30m/2h/7d, not \"\(text)\"")
            }
            filter.since = since
        }
        filter.integrity = arguments.list(Self.integrity) ?? []
        filter.safety = arguments.list(Self.safety) ?? []
        filter.openness = arguments.list(Self.openness) ?? []
        filter.events = arguments.list(Self.event) ?? []
        if let hosts = try arguments.value(Self.host) {
            filter.hosts = hosts.split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty }
        }
    }

    func run() -> Int32 {
        var status = ExitStatus.success
        guard let path = location.resolve(status: &status) else { return status }
        if verify { return runVerify(path) }
        let reader = path
        do {
            return try latest ? runLatest(reader) : runAll(reader)
        } catch {
            return reportFailure(error)
        }
    }

    /// `--verify`: 0 intact, 1 broken (the first break named), 3 unreadable; each log of a set in turn.
    private func runVerify(_ set: AuditLogSet) -> Int32 {
        var worst = ExitStatus.success
        for path in set.paths {
            if set.paths.count > 1 { printOut("\(path.displayString):") }
            worst = max(worst, runVerify(path))
        }
        return worst
    }

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
              let configuration = try? Configuration.load(location.configuration ?? Configuration.defaultPath),
              let bytes = try? FileSystem.readSmallFile(configuration.stateDirectory.appending("log-head"), limit: 256) else { return nil }
        let text = String(decoding: bytes.prefix(64), as: UTF8.self)
        return Hex.isHex(text, length: 64) ? text : nil
    }

    private func runLatest(_ reader: AuditLogSet) throws(AuditLogError) -> Int32 {
        var collector = LatestRecords(byHost: reader.paths.count > 1)
        let events = filter.events.isEmpty ? ["audit", "removed"] : filter.events
        let statistics = try reader.read(since: filter.since) { line in
            guard filter.matchesIdentity(line), events.contains(where: { line.field(line.fields.event, equals: $0) }) else { return }
            collector.add(line)
        }
        var critical = false
        var output = LogOutput(json: json, color: color, showsHost: reader.paths.count > 1 || !filter.hosts.isEmpty)
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

    private func runAll(_ reader: AuditLogSet) throws(AuditLogError) -> Int32 {
        var output = LogOutput(json: json, color: color, showsHost: reader.paths.count > 1 || !filter.hosts.isEmpty)
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
