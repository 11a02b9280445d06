import ReproAudit
import ReproAuditDaemon

/// `reproaudit daemon [--config FILE]`: run the service.
struct DaemonCommand: Command {
    static let name = "daemon"
    static let abstract = "Run the service: audit the watch roots, then audit whatever changes."
    static let help = """
        USAGE: reproaudit daemon [--config FILE]

        Audits every model under the configured watch roots, then watches them (inotify) and audits a
        model again once its files have been quiet for settle_seconds (never while a download's
        *.incomplete, *.part, *.tmp or *.lock files are present). Writes one JSON line per audit to the
        audit log, remembers digests in state_dir so unchanged files are not read again after a restart,
        re-hashes everything every reverify_hours, and answers `rescan`, `accept` and `status` on the
        control socket. Under systemd (Type=notify) it reports READY, STATUS and WATCHDOG.

        SIGHUP re-reads the configuration, reopens the audit log and rescans changed paths;
        SIGTERM or SIGINT stop it within seconds (hashes in flight are abandoned).

        OPTIONS:
          --config FILE   The configuration (default /etc/reproaudit/config.json).

        EXIT STATUS:
          0  stopped by a signal     2  configuration error     3  could not start (socket, inotify)

        EXAMPLES:
          reproaudit daemon --config config/dev.json      # from a checkout, everything under ./.reproaudit/
          systemctl enable --now reproaudit               # as a service
        """

    var config: String?

    init(arguments: inout ArgumentReader) throws(UsageError) {
        config = try arguments.option("--config")
        _ = try arguments.positionals().first.map { word throws(UsageError) in throw UsageError("unexpected argument \"\(word)\"") }
    }

    func run() -> Int32 {
        let daemon: ReproAuditDaemon
        do {
            daemon = try ReproAuditDaemon(configurationPath: config.map { RawPath($0) } ?? Configuration.defaultPath,
                                          environment: EnvironmentVariables.current)
        } catch {
            printErr("reproaudit: \(error)")
            return ExitStatus.usage
        }
        return daemon.run()
    }
}
