#if canImport(Glibc)
import Glibc
#endif

/// Several audit logs read as one: a fleet's logs gathered by a shipper (rsyslog, Vector, Fluent Bit)
/// into one JSON Lines file per host, named by `--log DIR` (every `*.jsonl` in it) or `--log GLOB`.
///
/// Each log is read with its own rotated files (`host.jsonl.1`, `host.jsonl.2.gz`…) by an
/// `AuditLogReader`, one log after the other in name order; line sequence numbers continue across
/// logs, so "newest line of each model" stays well defined (models are told apart by host too).
public struct AuditLogSet: Sendable {
    /// The current files of the logs, in name order (one for a plain `--log FILE`).
    public let paths: [RawPath]

    public init(paths: [RawPath]) {
        self.paths = paths
    }

    /// The first log, for messages about "the log".
    public var path: RawPath { paths[0] }

    /// The log for messages: its path, or how many logs and the first.
    public var displayString: String {
        paths.count == 1 ? paths[0].displayString : "\(paths.count) logs (\(paths[0].displayString), …)"
    }

    /// `--log` as given: a folder (its `*.jsonl` files), a pattern with `*`, `?` or `[` (glob(3); rotated
    /// files such as `x.jsonl.1` are left to their log), or one file.
    public static func resolve(_ text: String) throws(AuditLogError) -> AuditLogSet {
        try resolve(RawPath(text))
    }

    /// The same for a path given as bytes (`--log` is read as bytes).
    public static func resolve(_ log: RawPath) throws(AuditLogError) -> AuditLogSet {
        guard !log.isEmpty else { throw AuditLogError("--log needs a file, a folder or a pattern", isConfigurationProblem: true) }
        let given = FileSystem.absolute(log)
        if (try? FileSystem.status(given))?.isDirectory == true {
            let names: [RawPath]
            do {
                names = try DirectoryStream.entries(of: given).filter { $0.kind == .regular || $0.kind == .symlink }.map(\.name)
            } catch {
                throw AuditLogError(path: given, error)
            }
            let logs = names.filter { $0.bytes.count > 6 && $0.bytes.suffix(6).elementsEqual(".jsonl".utf8) }
                .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }.map { given.appending($0) }
            guard !logs.isEmpty else { throw AuditLogError("log folder \(given.displayString) holds no *.jsonl file") }
            return AuditLogSet(paths: logs)
        }
        guard log.bytes.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }) else {
            return AuditLogSet(paths: [given])
        }
        var matches = glob_t()
        defer { globfree(&matches) }
        guard given.withCString({ glob($0, 0, nil, &matches) }) == 0, matches.gl_pathc > 0 else {
            throw AuditLogError("no log matches \(log.displayString)")
        }
        var logs: [RawPath] = []
        for index in 0..<Int(matches.gl_pathc) {
            guard let entry = matches.gl_pathv[index] else { continue }
            let path = RawPath(bytes: Array(UnsafeBufferPointer(start: UnsafeRawPointer(entry).assumingMemoryBound(to: UInt8.self), count: strlen(entry))))
            if !isRotation(path.lastComponent.bytes) { logs.append(path) }
        }
        guard !logs.isEmpty else { throw AuditLogError("no log matches \(log.displayString) (only rotated files)") }
        return AuditLogSet(paths: logs.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) })
    }

    /// `name.N` or `name.N.gz`: a rotated file, read with its log.
    static func isRotation(_ name: [UInt8]) -> Bool {
        var rest = name[...]
        if rest.count > 3, rest.suffix(3).elementsEqual(".gz".utf8) { rest = rest.dropLast(3) }
        let digits = rest.reversed().prefix { $0 >= 48 && $0 <= 57 }.count
        return digits > 0 && digits < rest.count && rest[rest.endIndex - digits - 1] == UInt8(ascii: ".")
    }

    /// Reads every log in turn (see `AuditLogReader.read`). `follow` needs a single log.
    @discardableResult
    public func read(
        since: Timestamp? = nil, follow: Bool = false, pollMilliseconds: Int = 250,
        idle: () -> Bool = { true }, _ body: (LogLine) -> Void
    ) throws(AuditLogError) -> LogReadStatistics {
        if paths.count == 1 {
            return try AuditLogReader(path: paths[0]).read(since: since, follow: follow, pollMilliseconds: pollMilliseconds, idle: idle, body)
        }
        if follow { throw AuditLogError("--follow reads one log, not \(paths.count); name one file with --log", isConfigurationProblem: true) }
        var total = LogReadStatistics()
        var firstError: AuditLogError?
        for path in paths {
            let base = total.linesDelivered
            let statistics: LogReadStatistics
            do {
                statistics = try AuditLogReader(path: path).read(since: since) { line in
                    body(LogLine(bytes: line.bytes, fields: line.fields, sequence: base + line.sequence))
                }
            } catch {
                // One host's unreadable log does not hide the others.
                total.warnings.append(error.message + " (skipped)")
                if firstError == nil { firstError = error }
                continue
            }
            total.linesDelivered += statistics.linesDelivered
            total.linesSkipped += statistics.linesSkipped
            total.bytesRead += statistics.bytesRead
            total.bytesTotal += statistics.bytesTotal
            total.filesRead += statistics.filesRead
            total.warnings += statistics.warnings
        }
        if total.filesRead == 0, let firstError { throw firstError }
        return total
    }
}
