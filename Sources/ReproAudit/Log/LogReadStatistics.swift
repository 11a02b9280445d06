/// What a pass over the audit log did: lines delivered and skipped, bytes read from disk, problems
/// with rotated files that did not stop the read.
public struct LogReadStatistics: Sendable, Equatable {
    /// Lines handed to the caller.
    public var linesDelivered = 0
    /// Torn or foreign lines: not one JSON object with a `time` and an `event`, or too long.
    public var linesSkipped = 0
    /// Bytes read from the files (compressed bytes for `.gz` files), probes of `--since` included.
    public var bytesRead: Int64 = 0
    /// Total size of the files considered.
    public var bytesTotal: Int64 = 0
    /// Files opened.
    public var filesRead = 0
    /// One line per rotated file that could not be read (the read went on without it).
    public var warnings: [String] = []

    public init() {}
}
