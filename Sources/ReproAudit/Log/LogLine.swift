/// One line of the audit log as the reader hands it to a caller: its bytes (without the newline,
/// valid only during the callback) and the ranges of the fields filters need.
///
/// Accessors decode lazily, so a caller that only compares `rawTime` or copies `bytes` pays for
/// nothing else.
public struct LogLine {
    /// The line's bytes, without the terminating newline.
    public let bytes: UnsafeBufferPointer<UInt8>
    public let fields: LogLineFields
    /// Index of the line among the lines the reader delivered (0-based), for stable ordering.
    public let sequence: Int

    public init(bytes: UnsafeBufferPointer<UInt8>, fields: LogLineFields, sequence: Int) {
        self.bytes = bytes
        self.fields = fields
        self.sequence = sequence
    }

    /// The raw (still escaped) bytes of a captured string field.
    public func raw(_ range: Range<Int>?) -> UnsafeBufferPointer<UInt8>? {
        guard let range else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[range])
    }

    /// A captured string field, unescaped.
    public func string(_ range: Range<Int>?) -> String? {
        guard let range else { return nil }
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        if !slice.contains(UInt8(ascii: "\\")) {
            return String(decoding: slice, as: UTF8.self)
        }
        // Re-read the string with its quotes through the strict parser.
        let quoted = UnsafeBufferPointer(rebasing: bytes[(range.lowerBound - 1)..<(range.upperBound + 1)])
        return (try? JSONParser().parse(buffer: quoted))?.stringValue
    }

    /// The line's `time`, parsed.
    public var time: Timestamp? {
        string(fields.time).flatMap { Timestamp(rfc3339: $0) }
    }

    public var event: String? { string(fields.event) }

    /// The `host` that wrote the line.
    public var host: String? { string(fields.host) }

    /// `model.path`, from `model.path_bytes` when that is present.
    public var modelPath: RawPath? {
        if let encoded = string(fields.modelPathBytes), let bytes = Base64.decode(encoded) {
            return RawPath(bytes: bytes)
        }
        return string(fields.modelPath).map { RawPath($0) }
    }

    public var modelName: String? { string(fields.modelName) }

    /// A key that identifies the model a line is about (its path bytes as written), or nil.
    public var modelKey: [UInt8]? {
        guard let path = fields.modelPath else { return nil }
        var key = Array(bytes[path])
        if let encoded = fields.modelPathBytes {
            key.append(0)
            key.append(contentsOf: bytes[encoded])
        }
        return key
    }

    /// `modelKey` with the host in front, for a fleet's logs, which hold the same path on many hosts.
    public var hostModelKey: [UInt8]? {
        guard let key = modelKey else { return nil }
        return (fields.host.map { Array(bytes[$0]) } ?? []) + [0] + key
    }

    /// The model key for one host's log (`modelKey`) or a fleet's (`hostModelKey`).
    public func modelKey(byHost: Bool) -> [UInt8]? {
        byHost ? hostModelKey : modelKey
    }

    /// True when the captured field's raw bytes equal `text` exactly.
    public func field(_ range: Range<Int>?, equals text: String) -> Bool {
        guard let raw = raw(range) else { return false }
        var text = text
        return text.withUTF8 { $0.elementsEqual(raw) }
    }

    /// The whole line parsed as JSON, or nil when the strict parser refuses it.
    public func parse() -> JSONValue? {
        try? JSONParser().parse(buffer: bytes)
    }

    /// A copy of the line's bytes.
    public var copiedBytes: [UInt8] { Array(bytes) }
}
