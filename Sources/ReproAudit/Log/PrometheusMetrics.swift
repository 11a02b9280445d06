#if canImport(Glibc)
import Glibc
#endif
/// Prometheus metrics in the text exposition format for node_exporter's textfile collector
/// (config key `metrics_file`, e.g. `/var/lib/node_exporter/textfile/reproaudit.prom`): models by
/// integrity, safety and openness, findings by code, bytes hashed, audit durations, the last audit
/// time and log write errors. The daemon calls `write` after each audit batch.
public enum PrometheusMetrics {
    static let integrityValues = ["verified", "unverified", "mismatch", "incomplete", "corrupt", "error"]

    /// The metrics for the newest record of each present model (`latest`, as JSON) and the daemon's counters.
    public static func render(latest: [JSONValue], counters: DaemonCounters) -> String {
        var out = ""
        let audits = latest.filter { $0["event"]?.stringValue == "audit" }

        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(escapeHelp(help))\n# TYPE \(name) \(type)\n"
        }
        func sample(_ name: String, _ labels: [(String, String)] = [], _ value: String) {
            out += name
            if !labels.isEmpty {
                out += "{" + labels.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
            }
            out += " \(value)\n"
        }
        func counts(_ path: (JSONValue) -> String?, known: [String]) -> [(String, Int)] {
            var tally: [String: Int] = Dictionary(uniqueKeysWithValues: known.map { ($0, 0) })
            for record in audits { tally[path(record) ?? "unknown", default: 0] += 1 }
            let extra = tally.keys.filter { !known.contains($0) }.sorted()
            return (known + extra).map { ($0, tally[$0]!) }
        }

        family("reproaudit_models", "gauge", "Models audited and still present.")
        sample("reproaudit_models", [], String(audits.count))
        for (metric, key, known) in [
            ("reproaudit_models_by_integrity", "integrity", integrityValues),
            ("reproaudit_models_by_safety", "safety", SafetyStatus.allCases.map(\.rawValue)),
            ("reproaudit_models_by_openness", "openness", OpennessVerdict.allCases.map(\.rawValue)),
        ] {
            family(metric, "gauge", "Models by their newest \(key) verdict.")
            for (value, count) in counts({ $0["verdict"]?[key]?.stringValue }, known: known) {
                sample(metric, [(key, value)], String(count))
            }
        }

        family("reproaudit_findings", "gauge", "Findings in the newest record of each model, by code and severity.")
        var findings: [String: Int] = [:]
        for record in audits {
            for finding in record["findings"]?.arrayValue ?? [] {
                let code = finding["code"]?.stringValue ?? "unknown"
                let severity = finding["severity"]?.stringValue ?? "unknown"
                findings[code + "\u{0}" + severity, default: 0] += 1
            }
        }
        for key in findings.keys.sorted() {
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            sample("reproaudit_findings", [("code", parts[0]), ("severity", parts[1])], String(findings[key]!))
        }

        family("reproaudit_hashed_bytes_total", "counter", "Bytes read to compute digests since the daemon started.")
        sample("reproaudit_hashed_bytes_total", [], String(counters.bytesHashed))
        family("reproaudit_audit_duration_seconds", "summary", "Time spent auditing models since the daemon started.")
        sample("reproaudit_audit_duration_seconds_sum", [], format(counters.auditSeconds))
        sample("reproaudit_audit_duration_seconds_count", [], String(counters.audits))
        family("reproaudit_last_audit_timestamp_seconds", "gauge", "Unix time of the last finished audit (0 before the first).")
        sample("reproaudit_last_audit_timestamp_seconds", [], counters.lastAudit.map { format(Double($0.millisecondsSinceEpoch) / 1000) } ?? "0")
        family("reproaudit_log_write_errors_total", "counter", "Failed writes of the audit log since the daemon started.")
        sample("reproaudit_log_write_errors_total", [], String(counters.logWriteErrors))
        return out
    }

    /// Renders and writes the metrics to `path` atomically (temporary file, fsync, rename), so the
    /// collector never reads half a file. The file is 0644 whatever the umask, and a missing folder is
    /// created 0755: node_exporter's user reads it without joining the `reproaudit` group (which would
    /// let it read the audit log and ask for rescans).
    public static func write(latest: [JSONValue], counters: DaemonCounters, to path: RawPath) throws(SystemError) {
        let folder = path.removingLastComponent
        if !FileSystem.exists(folder) {
            try FileSystem.createDirectory(folder, permissions: 0o755)
            guard folder.withCString({ chmod($0, 0o755) }) == 0 else { throw SystemError.current("chmod", path: folder) }
        }
        try FileSystem.writeAtomically(Array(render(latest: latest, counters: counters).utf8), to: path,
                                       permissions: 0o644, ignoringUmask: true)
    }

    /// `\` → `\\`, `"` → `\"`, newline → `\n`, as the exposition format requires in label values.
    public static func escapeLabel(_ value: String) -> String {
        var out = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// `\` → `\\`, newline → `\n` in HELP text.
    static func escapeHelp(_ text: String) -> String {
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "+Inf" : "-Inf") }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
