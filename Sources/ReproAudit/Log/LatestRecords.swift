/// The newest line of each model in a log, kept as bytes so `--latest --json` prints them exactly as
/// written. Models whose newest line is `removed` are gone and are left out of `lines`.
public struct LatestRecords {
    private var entries: [[UInt8]: (sequence: Int, bytes: [UInt8])] = [:]
    /// Models are told apart by host too (a fleet's logs).
    public let byHost: Bool

    public init(byHost: Bool = false) {
        self.byHost = byHost
    }

    /// Keeps `line` if it is about a model (`model.path`) and newer than what is kept for that model.
    public mutating func add(_ line: LogLine) {
        guard let key = line.modelKey(byHost: byHost) else { return }
        let bytes = line.bytes
        if entries[key] != nil {
            entries[key]!.sequence = line.sequence
            entries[key]!.bytes.replaceSubrange(entries[key]!.bytes.indices, with: bytes)
        } else {
            entries[key] = (line.sequence, Array(bytes))
        }
    }

    /// Number of models seen, removed ones included.
    public var modelCount: Int { entries.count }

    /// The newest line of each present model, in log order.
    public var lines: [[UInt8]] {
        entries.values.sorted { $0.sequence < $1.sequence }.map(\.bytes).filter { bytes in
            guard let fields = bytes.withUnsafeBufferPointer(LogLineScanner.scan) else { return false }
            return bytes.withUnsafeBufferPointer { !LogLine(bytes: $0, fields: fields, sequence: 0).field(fields.event, equals: "removed") }
        }
    }

    /// The newest records, parsed.
    public var records: [JSONValue] {
        lines.compactMap { try? JSONParser().parse($0) }
    }
}
