#if canImport(Glibc)
import Glibc
#endif

/// `reproaudit log --verify`: follows the hash chain (`prev`, see `LogChain`) over the rotated files
/// (plain and gzipped, oldest first) and the current one, and names the first line where it breaks:
/// a line edited, removed, inserted or moved. Lines before the first one carrying `prev` (written by
/// an older version) are counted as unchained, not as a break. The oldest kept line may chain to a
/// file the daemon deleted on rotation: a `log.rotated` line names that file's last hash.
public struct LogVerifier: Sendable {
    /// Where the chain breaks.
    public struct Break: Sendable, Equatable, CustomStringConvertible {
        public var file: RawPath
        /// 1-based line number within `file`.
        public var line: Int
        public var reason: String
        public var description: String { "\(file.displayString) line \(line): \(reason)" }
    }

    /// What a verification found.
    public struct Report: Sendable {
        public var files: [RawPath] = []
        public var lines = 0
        public var chained = 0
        /// Lines before the first chained one.
        public var unchained = 0
        /// The first break, if any (more may follow it).
        public var breaks: [Break] = []
        /// A last line without its newline at the end of the current file (being written, or torn).
        public var incompleteLastLine = false
        public var isIntact: Bool { breaks.isEmpty }
    }

    public let path: RawPath
    /// The chain head the daemon kept at its last stop or rotation (`state_dir/log-head`): some line
    /// of the log must have that hash, else the last lines were edited or removed (which the chain
    /// alone cannot see, as no line follows them).
    public var expectedHead: String?

    public init(path: RawPath, expectedHead: String? = nil) {
        self.path = path
        self.expectedHead = expectedHead
    }

    /// Reads every file of the log once, in constant memory per line. `onLine` gets each line that
    /// parses, and whether the chain broke at it (a reader rebuilding state from the log starts over there).
    public func verify(onLine: ((JSONValue, _ brokeHere: Bool) -> Void)? = nil) throws(AuditLogError) -> Report {
        let reader = AuditLogReader(path: path)
        let files = try reader.files()
        var report = Report()
        var previous: (hash: String, file: RawPath, line: Int)?
        var sawChained = false
        /// The oldest line's `prev` when it names a line not in the log (resolved by a `log.rotated` line).
        var danglingStart: (hash: String, file: RawPath, line: Int)?
        var rotatedHashes = Set<String>()
        var headFound = false
        let splitter = LineSplitter(chunkSize: 1 << 20, maximumLineLength: 64 << 20)

        for file in files {
            report.files.append(file.path)
            var number = 0
            var atEnd = false
            func check(_ line: UnsafeBufferPointer<UInt8>) {
                number += 1
                report.lines += 1
                let bytes = Array(line)
                let hash = LogChain.hash(bytes)
                if hash == expectedHead { headFound = true }
                defer { previous = (hash, file.path, number) }
                guard let value = try? JSONParser(maximumDepth: 64).parse(bytes), case .object = value else {
                    if atEnd && file.rotation == 0 {
                        report.incompleteLastLine = true
                        return
                    }
                    if sawChained { report.breaks.append(Break(file: file.path, line: number, reason: "not a JSON object (a line was edited or corrupted)")) }
                    else { report.unchained += 1 }
                    return
                }
                let breaksBefore = report.breaks.count
                defer { onLine?(value, report.breaks.count != breaksBefore) }
                if value["event"]?.stringValue == "log.rotated", let last = value["last_hash"]?.stringValue { rotatedHashes.insert(last) }
                guard let prev = value["prev"] else {
                    if sawChained {
                        report.breaks.append(Break(file: file.path, line: number, reason: "has no \"prev\" inside the chained part of the log (a line was inserted or edited)"))
                    } else {
                        report.unchained += 1
                    }
                    return
                }
                report.chained += 1
                defer { sawChained = true }
                if prev.isNull {
                    guard value["chain_start"]?.boolValue == true else {
                        report.breaks.append(Break(file: file.path, line: number, reason: "\"prev\" is null without \"chain_start\" (the line was edited)"))
                        return
                    }
                    if sawChained {
                        report.breaks.append(Break(file: file.path, line: number, reason: "the chain starts again here: the lines before it were replaced or the log was recreated"))
                    }
                    return
                }
                guard let wanted = prev.stringValue else {
                    report.breaks.append(Break(file: file.path, line: number, reason: "\"prev\" is not a string (the line was edited)"))
                    return
                }
                guard let previous else {
                    danglingStart = (wanted, file.path, number)
                    return
                }
                if wanted != previous.hash {
                    let before = previous.file == file.path ? "line \(previous.line)" : "\(previous.file.displayString) line \(previous.line)"
                    report.breaks.append(Break(file: file.path, line: number,
                        reason: "\"prev\" does not match \(before): that line was edited, or lines between them were removed, inserted or reordered"))
                }
            }
            let fd: FileDescriptor
            do {
                (fd, _) = try FileDescriptor.openRegularFileForReading(file.path)
            } catch {
                throw AuditLogError(path: file.path, error)
            }
            defer { fd.closeIgnoringErrors() }
            splitter.reset()
            do {
                if file.isCompressed {
                    let gzip = try GzipDecompressor(descriptor: fd, chunkSize: 1 << 20)
                    while try splitter.fill({ (buffer) throws(AuditLogError) -> Int in try gzip.read(into: buffer) }) > 0 {
                        splitter.forEachLine(check)
                    }
                } else {
                    var offset: Int64 = 0
                    while true {
                        let count = try splitter.fill { (buffer) throws(AuditLogError) -> Int in
                            do throws(SystemError) {
                                return try fd.read(fromAbsoluteOffset: offset, into: buffer)
                            } catch {
                                throw AuditLogError(path: file.path, error)
                            }
                        }
                        if count == 0 { break }
                        offset += Int64(count)
                        splitter.forEachLine(check)
                    }
                }
                atEnd = true
                splitter.finish(check)
            }
        }
        if splitter.overlongLines > 0 {
            report.breaks.append(Break(file: path, line: 0, reason: "\(splitter.overlongLines) line(s) longer than 64 MiB cannot be checked"))
        }
        if let expectedHead, !headFound, let last = previous {
            report.breaks.append(Break(file: last.file, line: last.line,
                reason: "no line has the hash the daemon recorded as the log's head (\(expectedHead.prefix(16))…): the last lines were edited or removed"))
        }
        if let start = danglingStart, !rotatedHashes.contains(start.hash) {
            report.breaks.insert(Break(file: start.file, line: start.line,
                reason: "the oldest line chains to a line that is not in the log, and no log.rotated line accounts for it: lines before it were removed"), at: 0)
        }
        return report
    }
}
