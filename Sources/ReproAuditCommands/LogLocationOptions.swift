import CommandLineParsing
import ReproAudit

/// `--log FILE` / `--config FILE`, shared by the commands that read the log.
struct LogLocationOptions {
    static let log = Option<RawPath>("--log", value: "FILE", help: "The audit log to read. A folder or a quoted pattern ('central/*.jsonl') reads a fleet's logs, one per host (as the shipped rsyslog configuration writes them), each with its rotated files.",
                                     default: "\"audit_log\" of the configuration", completion: .file)
    static let config = Option<RawPath>("--config", value: "FILE", help: "Configuration naming the log.",
                                        default: AuditLogLocation.defaultConfigurationPath.displayString, completion: .file)
    static let exclusive = CommandDeclaration.Exclusive(config, log, message: "give either --log FILE or --config FILE, not both")

    var log: RawPath?
    var configuration: RawPath?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        log = try arguments.value(Self.log)
        configuration = try arguments.value(Self.config)
    }

    /// The logs (one, or a fleet's with `--log DIR|GLOB`), or nil after printing the problem; `status`
    /// is then the exit status.
    func resolve(status: inout Int32) -> AuditLogSet? {
        do {
            return try AuditLogLocation.resolveSet(log: log, configuration: configuration)
        } catch {
            printErr("reproaudit: " + error.message)
            status = error.isConfigurationProblem ? ExitStatus.usage : ExitStatus.failure
            return nil
        }
    }
}

/// Prints what a read of the log skipped, on stderr.
func reportSkipped(_ statistics: LogReadStatistics, log: RawPath) {
    for warning in statistics.warnings { printErr("reproaudit: " + warning) }
    if statistics.linesSkipped > 0 {
        let lines = statistics.linesSkipped == 1 ? "line" : "lines"
        printErr("reproaudit: skipped \(statistics.linesSkipped) torn or foreign \(lines) in \(log.displayString)*")
    }
}

/// Prints a log read failure and returns the exit status for it.
func reportFailure(_ error: AuditLogError) -> Int32 {
    printErr("reproaudit: " + error.message)
    return error.isConfigurationProblem ? ExitStatus.usage : ExitStatus.failure
}

/// One identity filter per MODEL query (a name or path substring), or one keeping every model.
func modelFilters(_ queries: [String]) -> [LogFilter] {
    guard !queries.isEmpty else { return [LogFilter()] }
    return queries.map { query in
        var filter = LogFilter()
        filter.model = query
        return filter
    }
}

/// Prints the first query no line matched; false then (exit status 2).
func allQueriesMatched(_ queries: [String], matched: Set<Int>, log: RawPath) -> Bool {
    for (index, query) in queries.enumerated() where !matched.contains(index) {
        printErr("reproaudit: no audited model matches \"\(query)\" in \(log.displayString)")
        return false
    }
    return true
}
