import CommandLineParsing
import ReproAudit
import ReproAuditDaemon

/// `reproaudit daemon [--config FILE]`: run the service.
struct DaemonCommand: ParsableCommand {
    static let config = Option<RawPath>("--config", value: "FILE", help: "The configuration.",
                                        default: Configuration.defaultPath.displayString, completion: .file)

    static let declaration = CommandDeclaration(
        name: "daemon",
        abstract: "Run the service: audit the watch roots, then audit whatever changes.",
        discussion: """
            Audits every model under the configured watch roots, then watches them (inotify) and audits a \
            model again once its files have been quiet for `settle_seconds` (never while a download's \
            `*.incomplete`, `*.part`, `*.tmp` or `*.lock` files are present). Writes one JSON line per audit to the \
            audit log, remembers digests in `state_dir` so unchanged files are not read again after a restart, \
            re-hashes everything every `reverify_hours`, and answers `rescan`, `accept` and `status` on the \
            control socket. Under systemd (Type=notify) it reports READY, STATUS and WATCHDOG.

            SIGHUP re-reads the configuration, reopens the audit log and rescans changed paths; \
            SIGTERM or SIGINT stop it within seconds (hashes in flight are abandoned).
            """,
        arguments: [config],
        exitStatuses: [
            .init(0, "stopped by a signal"),
            .init(2, "configuration error"),
            .init(3, "could not start (socket, inotify)"),
        ],
        examples: [
            .init("reproaudit daemon --config config/dev.json", "from a checkout, everything under ./.reproaudit/"),
            .init("systemctl enable --now reproaudit", "as a service"),
        ]
    )

    var config: RawPath?

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        config = try arguments.value(Self.config)
    }

    func run() -> Int32 {
        let daemon: ReproAuditDaemon
        do {
            daemon = try ReproAuditDaemon(configurationPath: config ?? Configuration.defaultPath,
                                          environment: EnvironmentVariables.current)
        } catch {
            printErr("reproaudit: \(error)")
            return ExitStatus.usage
        }
        return daemon.run()
    }
}
