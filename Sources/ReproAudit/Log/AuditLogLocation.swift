/// Where the audit log is: `--log FILE`, or the `audit_log` key of the configuration file
/// (`--config FILE`, default `/etc/reproaudit/config.json`).
public enum AuditLogLocation {
    public static let defaultConfigurationPath: RawPath = "/etc/reproaudit/config.json"
    /// The log when the configuration names none (the daemon's default).
    public static let defaultLogPath: RawPath = "/var/log/reproaudit/audit.jsonl"

    /// The log file to read. A configuration that cannot be read or parsed is a configuration problem
    /// (`AuditLogError.isConfigurationProblem`), reported as `config PATH: line N: …`.
    public static func resolve(log: RawPath?, configuration: RawPath?) throws(AuditLogError) -> RawPath {
        if let log {
            guard !log.isEmpty else { throw AuditLogError("--log needs a file name", isConfigurationProblem: true) }
            return FileSystem.absolute(log)
        }
        return try configured(configuration)
    }

    /// The logs to read: `--log FILE|DIR|GLOB` (see `AuditLogSet.resolve`), or the configuration's log.
    public static func resolveSet(log: RawPath?, configuration: RawPath?) throws(AuditLogError) -> AuditLogSet {
        if let log { return try AuditLogSet.resolve(log) }
        return AuditLogSet(paths: [try configured(configuration)])
    }

    static func configured(_ configuration: RawPath?) throws(AuditLogError) -> RawPath {
        let configPath = configuration ?? defaultConfigurationPath
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readSmallFile(configPath, limit: 1 << 20)
        } catch {
            var message = "config \(configPath.displayString): \(error.reason)"
            if configuration == nil && error.isNotFound { message += " (name the log with --log FILE or the configuration with --config FILE)" }
            throw AuditLogError(message, errno: error.errno, isConfigurationProblem: true)
        }
        let value: JSONValue
        do {
            value = try JSONParser().parse(TextDecoding.droppingBOM(bytes))
        } catch {
            throw AuditLogError("config \(configPath.displayString): \(error)", isConfigurationProblem: true)
        }
        guard value.objectValue != nil else {
            throw AuditLogError("config \(configPath.displayString): expected a JSON object, found \(value.typeName)", isConfigurationProblem: true)
        }
        guard let entry = value["audit_log"] else { return defaultLogPath }
        guard let text = entry.stringValue, !text.isEmpty else {
            throw AuditLogError("config \(configPath.displayString): \"audit_log\" must be a file name, found \(entry.typeName)", isConfigurationProblem: true)
        }
        return FileSystem.absolute(RawPath(text))
    }
}
