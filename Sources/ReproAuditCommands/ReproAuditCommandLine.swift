#if canImport(Glibc)
import Glibc
#endif
import CommandLineParsing
import ReproAudit
import ReproAuditDaemon

/// The `reproaudit` command line: the program's declaration (its commands, overview, environment,
/// files) and `main`, which resolves the arguments (bytes), runs the command and exits.
public enum ReproAuditCommandLine {
    public static let program = CommandLineProgram(
        name: "reproaudit",
        version: ReproAuditVersion.string,
        summary: "audit the AI models on this machine",
        overview: """
            audits the AI models on this machine: weight checksums, unsafe-to-load files, \
            data card, training code and licence (the Open Source AI Definition), one JSON line per model.
            """,
        commands: [
            ScanCommand.self,
            DaemonCommand.self, RescanCommand.self, AcceptCommand.self, StatusCommand.self, ReloadCommand.self,
            LogCommand.self, ShowCommand.self, ExportCommand.self, ReportCommand.self,
        ],
        examples: [
            .init("reproaudit scan", "audit the Hugging Face cache and Ollama store of this user"),
            .init("reproaudit scan /srv/models --json > audit.jsonl", "one audit record per model"),
            .init("reproaudit log --latest --safety unsafe", "which models are unsafe now (from the daemon's log)"),
            .init("reproaudit show org/name", "one model explained"),
            .init("reproaudit report --format html > report.html", "every model of the log as a web page"),
        ],
        exitStatuses: [
            .init(ExitStatus.success, "done and nothing critical"),
            .init(ExitStatus.critical, "done, and at least one model has a critical finding (integrity mismatch or corrupt, safety unsafe)"),
            .init(ExitStatus.usage, "usage or configuration error"),
            .init(ExitStatus.failure, "the daemon could not be reached, or another runtime failure"),
        ],
        environment: [
            .init("HF_HOME", "Where scan looks for the Hugging Face cache without PATH ($HF_HOME/hub; default ~/.cache/huggingface)."),
            .init("NO_COLOR", "When set and not empty, tables are never coloured (https://no-color.org)."),
        ],
        files: [
            .init(Configuration.defaultPath.displayString, "The daemon's configuration (JSON)."),
            .init(AuditLogLocation.defaultLogPath.displayString, "The audit log (JSON Lines), rotated to audit.jsonl.1, audit.jsonl.2.gz, …"),
        ],
        usageStatus: ExitStatus.usage
    )

    /// Runs the command `words` (argv after the program name) ask for and exits.
    public static func main(_ words: [[UInt8]] = ProcessArguments.current) -> Never {
        switch program.resolve(words) {
        case .output(let text, let status):
            printOut(text)
            OutputStream.standardOutput.flush()
            exit(status)
        case .error(let text, let status):
            printErr(text)
            exit(status)
        case .run(let command):
            let status = command.run()
            OutputStream.standardOutput.flush()
            exit(status)
        }
    }
}

/// Writes a line to stdout (buffered; flushed before exit and before anything goes to stderr).
func printOut(_ text: String) {
    OutputStream.standardOutput.writeLine(text)
}

/// Writes a line to stderr, unbuffered, after flushing stdout so the two interleave in order.
func printErr(_ text: String) {
    OutputStream.standardOutput.flush()
    OutputStream.standardError.writeLine(text.hasSuffix("\n") ? String(text.dropLast()) : text)
}
