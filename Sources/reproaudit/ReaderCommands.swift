import ReproAudit

/// The commands that read the audit log (`log`, `show`, `export`).
let readerCommands: [any Command.Type] = [LogCommand.self, ShowCommand.self, ExportCommand.self]

/// `--log FILE` / `--config FILE`, shared by the commands that read the log.
struct LogLocationOptions {
    var log: String?
    var configuration: String?

    init(arguments: inout ArgumentReader) throws(UsageError) {
        log = try arguments.option("--log")
        configuration = try arguments.option("--config")
        if log != nil && configuration != nil {
            throw UsageError("give either --log FILE or --config FILE, not both")
        }
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
