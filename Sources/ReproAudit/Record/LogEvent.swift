/// A line of the audit log that is not an `audit` record: `removed`, `daemon.start`, `daemon.stop`,
/// `daemon.reload`, `rescan.requested`, `accepted`, `error`, `warning`.
public struct LogEvent: Sendable, Equatable {
    public var time: Timestamp
    public var event: String
    public var host: String
    /// Event-specific members written after the common ones.
    public var fields: [(String, JSONValue)]

    public init(time: Timestamp = .now(), event: String, host: String, fields: [(String, JSONValue)] = []) {
        self.time = time
        self.event = event
        self.host = host
        self.fields = fields
    }

    public var json: JSONValue {
        .object([
            ("schema", .integer(AuditRecord.schemaVersion)),
            ("time", .string(time.rfc3339)),
            ("event", .string(event)),
            ("host", .string(host)),
        ] + fields)
    }

    public var line: [UInt8] {
        var bytes = JSONWriter.bytes(json)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    public static func == (lhs: LogEvent, rhs: LogEvent) -> Bool {
        lhs.json == rhs.json
    }
}
