/// What `reproaudit log` keeps: a model substring, a start time, verdicts and event kinds.
///
/// `matchesLine` looks only at the fields `LogLineScanner` found, so filtering costs no JSON parsing.
/// Each verdict option takes one value or a comma-separated list.
public struct LogFilter: Sendable, Equatable {
    /// Substring of `model.name` or `model.path`, ASCII case-insensitive.
    public var model: String?
    public var since: Timestamp?
    public var integrity: [String] = []
    public var safety: [String] = []
    public var openness: [String] = []
    public var events: [String] = []
    /// Hosts (`host` field, exact) to keep; empty keeps all.
    public var hosts: [String] = []

    public init() {}

    public static let integrityValues = ["verified", "unverified", "mismatch", "incomplete", "corrupt", "error"]
    public static let safetyValues = SafetyStatus.allCases.map(\.rawValue)
    public static let opennessValues = OpennessVerdict.allCases.map(\.rawValue)
    public static let eventValues = ["audit", "removed", "daemon.start", "daemon.stop", "daemon.reload", "rescan.requested", "accepted", "error", "warning", "log.rotated"]

    /// True when the line passes the model and event filters (`since` is applied by the reader).
    public func matchesIdentity(_ line: LogLine) -> Bool {
        if !events.isEmpty && !events.contains(where: { line.field(line.fields.event, equals: $0) }) { return false }
        if !hosts.isEmpty && !hosts.contains(where: { line.field(line.fields.host, equals: $0) }) { return false }
        if let model {
            guard Self.containsIgnoringASCIICase(line.raw(line.fields.modelName), model)
                || Self.containsIgnoringASCIICase(line.raw(line.fields.modelPath), model) else { return false }
        }
        return true
    }

    /// True when the line passes the verdict filters.
    public func matchesVerdict(_ line: LogLine) -> Bool {
        if !integrity.isEmpty && !integrity.contains(where: { line.field(line.fields.integrity, equals: $0) }) { return false }
        if !safety.isEmpty && !safety.contains(where: { line.field(line.fields.safety, equals: $0) }) { return false }
        if !openness.isEmpty && !openness.contains(where: { line.field(line.fields.openness, equals: $0) }) { return false }
        return true
    }

    public func matches(_ line: LogLine) -> Bool { matchesIdentity(line) && matchesVerdict(line) }

    public var hasVerdictFilter: Bool { !integrity.isEmpty || !safety.isEmpty || !openness.isEmpty }

    static func containsIgnoringASCIICase(_ haystack: UnsafeBufferPointer<UInt8>?, _ needle: String) -> Bool {
        guard let haystack else { return false }
        let pattern = Array(needle.utf8).map(lowercased)
        if pattern.isEmpty { return true }
        guard haystack.count >= pattern.count else { return false }
        outer: for start in 0...(haystack.count - pattern.count) {
            for index in 0..<pattern.count where lowercased(haystack[start + index]) != pattern[index] { continue outer }
            return true
        }
        return false
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }

    /// `--since`: RFC 3339 (`2026-11-28T12:00:00Z`), a date (`2026-11-28`, midnight UTC), or a span
    /// back from `now`: `90s`, `30m`, `2h`, `7d`, `2w`.
    public static func parseTime(_ text: String, now: Timestamp) -> Timestamp? {
        if let stamp = Timestamp(rfc3339: text) { return stamp }
        if text.utf8.count == 10, let stamp = Timestamp(rfc3339: text + "T00:00:00Z") { return stamp }
        guard let unit = text.last, let amount = Int64(text.dropLast()), amount >= 0 else { return nil }
        let seconds: Int64
        switch unit {
        case "s": seconds = 1
        case "m": seconds = 60
        case "h": seconds = 3600
        case "d": seconds = 86400
        case "w": seconds = 7 * 86400
        default: return nil
        }
        let (span, overflow) = amount.multipliedReportingOverflow(by: seconds * 1000)
        guard !overflow else { return nil }
        return Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch - span)
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
