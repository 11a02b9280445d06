/// Exit statuses, as docs/cli.md fixes them: one table for every command and the daemon.
public enum ExitStatus {
    /// Done and nothing critical.
    public static let success: Int32 = 0
    /// Done, and at least one model has a critical finding.
    public static let critical: Int32 = 1
    /// Usage or configuration error.
    public static let usage: Int32 = 2
    /// The daemon could not be reached, or another runtime failure (the daemon: it could not start,
    /// or it stopped with audit lines neither written nor kept).
    public static let failure: Int32 = 3
}
