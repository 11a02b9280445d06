/// The version of reproaudit, printed by `--version` and written into exports.
public enum ReproAuditVersion {
    public static let string = "0.1.0"
}
