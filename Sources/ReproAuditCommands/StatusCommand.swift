import CommandLineParsing
import ReproAudit
import ReproAuditDaemon

/// `reproaudit status [--config FILE | --socket PATH] [--json]`.
struct StatusCommand: ParsableCommand {
    static let json = Flag("--json", help: "Print the reply as one JSON object.")

    static let declaration = CommandDeclaration(
        name: "status",
        abstract: "Show what the daemon is doing: roots, models, queue, verdicts, audit log.",
        discussion: """
            Asks the running daemon for its roots (watching, polling or waiting), the models it knows, \
            counts by verdict, what is queued or being audited, the last audit time, and the audit log's \
            state (size, lines waiting, the error while writes fail).
            """,
        arguments: [DaemonAddress.config, DaemonAddress.socket, json],
        exclusive: [DaemonAddress.exclusive],
        exitStatuses: [
            .init(0, "the daemon answered"),
            .init(2, "usage error"),
            .init(3, "the daemon could not be reached"),
        ],
        examples: [
            .init("reproaudit status"),
            .init("reproaudit status --json --config config/dev.json | jq .verdicts"),
        ]
    )

    var json: Bool
    var daemon: DaemonAddress

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        json = arguments.flag(Self.json)
        daemon = try DaemonAddress(arguments)
    }

    func run() -> Int32 {
        let reply: JSONValue
        switch daemon.send(.object([("op", "status")]), command: "status", timeoutSeconds: 10) {
        case .success(let value): reply = value
        case .failure(let exit): return exit.status
        }
        if json {
            printOut(JSONWriter.string(reply))
            return ExitStatus.success
        }
        printOut("reproaudit daemon \(reply["version"]?.stringValue ?? "") (pid \(reply["pid"]?.int64Value ?? 0)), up since \(reply["started"]?.stringValue ?? "?")")
        printOut("roots:")
        for root in reply["roots"]?.arrayValue ?? [] {
            var mode = root["mode"]?.stringValue ?? "?"
            if let reason = root["poll_reason"]?.stringValue {
                mode += ": " + (root["file_system"]?.stringValue.map { "\(reason) \($0)" } ?? reason)
                if let seconds = root["poll_seconds"]?.doubleValue { mode += ", every \(ReproAuditDaemon.seconds(seconds))" }
            }
            printOut("  \(root["path"]?.stringValue ?? "?")  (\(mode))")
        }
        printOut("watches: \(reply["watches"]?.int64Value ?? 0)   models: \(reply["models"]?.int64Value ?? 0) (\(reply["critical"]?.int64Value ?? 0) critical)   audits: \(reply["audits"]?.int64Value ?? 0)   last audit: \(reply["last_audit"]?.stringValue ?? "never")")
        for key in ["integrity", "safety", "openness"] {
            let counts = (reply["verdicts"]?[key]?.objectValue ?? []).map { "\($0.1.int64Value ?? 0) \($0.0)" }
            printOut("\(key): " + (counts.isEmpty ? "-" : counts.joined(separator: ", ")))
        }
        let queue = reply["queue"]
        let auditing = (queue?["auditing"]?.arrayValue ?? []).compactMap(\.stringValue)
        printOut("queue: \(queue?["waiting"]?.int64Value ?? 0) waiting" + (auditing.isEmpty ? "" : "; auditing " + auditing.joined(separator: ", ")))
        let log = reply["log"]
        var logLine = "audit log: \(log?["path"]?.stringValue ?? "?") (\(ScanReport.formatBytes(log?["size"]?.int64Value ?? 0)))"
        if let error = log?["error"]?.stringValue { logLine += "; FAILING: \(error); \(log?["lines_waiting"]?.int64Value ?? 0) line(s) waiting" }
        printOut(logLine)
        if let reverify = reply["reverify"], reverify["period_met"]?.boolValue == false, let needed = reverify["hours_needed"]?.doubleValue {
            printOut("re-verification: takes \(ReproAuditDaemon.hours(needed)) at \(reverify["rate_mb_s"]?.doubleValue ?? 0) MB/s, longer than the \(ReproAuditDaemon.hours(reverify["period_hours"]?.doubleValue ?? 0)) period")
        }
        return ExitStatus.success
    }
}
