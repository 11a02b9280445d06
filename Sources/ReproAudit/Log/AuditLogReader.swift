#if canImport(Glibc)
import Glibc
#endif

/// Reads the audit log — rotated files (`audit.jsonl.N`, `audit.jsonl.N.gz`, oldest first) and then
/// the current `audit.jsonl` — line by line in constant memory, skipping torn and foreign lines.
///
/// With `since`, files last written before that time are not opened and plain files are entered by a
/// binary search over byte offsets (lines are in time order), so the last hour of a large log costs a
/// few probes plus the hour itself. With `follow`, the reader then waits for new lines of the current
/// file, reopening it when it is rotated (new inode) or truncated.
public struct AuditLogReader: Sendable {
    /// One file of the log.
    public struct LogFile: Sendable, Equatable {
        public var path: RawPath
        /// 0 for the current file, N for `audit.jsonl.N[.gz]`.
        public var rotation: Int
        public var isCompressed: Bool
    }

    /// The current log file, e.g. `/var/log/reproaudit/audit.jsonl`.
    public let path: RawPath
    /// Bytes read per `read(2)`.
    public var chunkSize = 1 << 20
    /// Longer lines are skipped as foreign.
    public var maximumLineLength = 64 << 20
    /// Below this distance the `since` binary search stops probing and reads.
    public var seekGranularity: Int64 = 64 << 10

    public init(path: RawPath) {
        self.path = path
    }

    /// The files of the log in time order: the highest-numbered rotation first, the current file last.
    public func files() throws(AuditLogError) -> [LogFile] {
        let directory = path.removingLastComponent
        let base = path.lastComponent.bytes + [UInt8(ascii: ".")]
        var rotated: [Int: LogFile] = [:]
        if let entries = try? DirectoryStream.entries(of: directory) {
            for entry in entries where entry.name.bytes.starts(with: base) {
                var rest = entry.name.bytes[base.count...]
                var compressed = false
                if rest.count > 3, rest.suffix(3).elementsEqual(".gz".utf8) {
                    compressed = true
                    rest = rest.dropLast(3)
                }
                guard !rest.isEmpty, rest.count < 10, rest.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                      let number = Int(String(decoding: rest, as: UTF8.self)), number > 0 else { continue }
                // While logrotate compresses, `.N` and `.N.gz` both exist: the plain one is complete.
                if let existing = rotated[number], !existing.isCompressed { continue }
                rotated[number] = LogFile(path: directory.appending(entry.name), rotation: number, isCompressed: compressed)
            }
        }
        var result = rotated.keys.sorted(by: >).map { rotated[$0]! }
        do {
            _ = try FileSystem.status(path)
            result.append(LogFile(path: path, rotation: 0, isCompressed: false))
        } catch {
            if result.isEmpty { throw AuditLogError(path: path, error) }
        }
        return result
    }

    /// Reads every line at or after `since` in time order, calling `body` for each well-formed one.
    ///
    /// With `follow`, keeps waiting for new lines after the end; `idle` is called whenever the reader
    /// caught up (flush output there) and reading stops when it returns false.
    @discardableResult
    public func read(
        since: Timestamp? = nil, follow: Bool = false, pollMilliseconds: Int = 250,
        idle: () -> Bool = { true }, _ body: (LogLine) -> Void
    ) throws(AuditLogError) -> LogReadStatistics {
        var statistics = LogReadStatistics()
        // Kept apart from `statistics`, which `deliver` changes while the reads run.
        var bytesRead: Int64 = 0
        var sequence = 0
        let splitter = LineSplitter(chunkSize: chunkSize, maximumLineLength: maximumLineLength)
        let sinceBytes = since.map { Array($0.rfc3339.utf8) }

        func deliver(_ line: UnsafeBufferPointer<UInt8>) {
            if line.isEmpty || (line.count == 1 && line[0] == 0x0D) { return }
            guard let fields = LogLineScanner.scan(line), let timeRange = fields.time, fields.event != nil else {
                statistics.linesSkipped += 1
                return
            }
            if let since, let sinceBytes {
                let raw = UnsafeBufferPointer(rebasing: line[timeRange])
                if raw.count == sinceBytes.count && raw.last == UInt8(ascii: "Z") {
                    if raw.lexicographicallyPrecedes(sinceBytes) { return }
                } else {
                    guard let time = Timestamp(rfc3339: String(decoding: raw, as: UTF8.self)) else {
                        statistics.linesSkipped += 1
                        return
                    }
                    if time < since { return }
                }
            }
            body(LogLine(bytes: line, fields: fields, sequence: sequence))
            sequence += 1
            statistics.linesDelivered += 1
        }

        let files = try self.files()
        var current: (fd: FileDescriptor, status: FileStatus, offset: Int64)?
        for file in files {
            let isCurrent = file.rotation == 0
            let fd: FileDescriptor
            let status: FileStatus
            do {
                (fd, status) = try FileDescriptor.openRegularFileForReading(file.path)
            } catch {
                if isCurrent { throw AuditLogError(path: file.path, error) }
                statistics.warnings.append(AuditLogError(path: file.path, error).message + " (skipped)")
                continue
            }
            statistics.bytesTotal += status.size
            // Every line of a file was written before its modification time.
            if let since, !isCurrent, status.modificationTimeNanoseconds / 1_000_000 < since.millisecondsSinceEpoch {
                fd.closeIgnoringErrors()
                continue
            }
            statistics.filesRead += 1
            do throws(AuditLogError) {
                if file.isCompressed {
                    let gzip = try GzipDecompressor(descriptor: fd, chunkSize: chunkSize)
                    splitter.reset()
                    while try splitter.fill({ (buffer) throws(AuditLogError) -> Int in try gzip.read(into: buffer) }) > 0 {
                        splitter.forEachLine(deliver)
                    }
                    splitter.finish(deliver)
                    statistics.bytesRead += gzip.compressedBytesRead
                    fd.closeIgnoringErrors()
                } else {
                    var offset: Int64 = 0
                    if let since {
                        offset = try seek(fd, size: status.size, since: since, statistics: &statistics)
                    }
                    fd.adviseSequential()
                    splitter.reset(discardingFirstLine: offset > 0)
                    offset = try readToEnd(fd, from: offset > 0 ? offset - 1 : 0, splitter: splitter, bytesRead: &bytesRead, deliver)
                    if isCurrent && follow {
                        current = (fd, status, offset)
                    } else {
                        splitter.finish(deliver)
                        fd.closeIgnoringErrors()
                    }
                }
            } catch {
                fd.closeIgnoringErrors()
                if isCurrent { throw error }
                statistics.warnings.append(error.message + " (skipped the rest of that file)")
                splitter.reset()
            }
        }
        statistics.linesSkipped += splitter.overlongLines

        guard follow else {
            statistics.bytesRead += bytesRead
            bytesRead = 0
            return statistics
        }
        let overlongBefore = splitter.overlongLines
        defer { current?.fd.closeIgnoringErrors() }
        var lastBytes = current.map { tail($0.fd, before: $0.offset) } ?? []
        while idle() {
            usleep(useconds_t(max(pollMilliseconds, 1) * 1000))
            guard var open = current else {
                // The file does not exist yet (or vanished during rotation): wait for it.
                if let (fd, status) = try? FileDescriptor.openRegularFileForReading(path) {
                    current = (fd, status, 0)
                    splitter.reset()
                }
                continue
            }
            if let now = try? FileSystem.status(path), now.identity == open.status.identity {
                // Truncated in place (copytruncate): start again from the top. The file may already
                // have grown past the old offset again, so the bytes before it are compared too.
                if now.size < open.offset || (open.offset > 0 && tail(open.fd, before: open.offset) != lastBytes) {
                    open.offset = 0
                    splitter.reset()
                }
                open.offset = try readToEnd(open.fd, from: open.offset, splitter: splitter, bytesRead: &bytesRead, deliver)
                lastBytes = tail(open.fd, before: open.offset)
                current = open
            } else {
                // Rotated away: finish the old file, then continue with the new one from its start.
                _ = try? readToEnd(open.fd, from: open.offset, splitter: splitter, bytesRead: &bytesRead, deliver)
                splitter.finish(deliver)
                open.fd.closeIgnoringErrors()
                current = nil
                if let (fd, status) = try? FileDescriptor.openRegularFileForReading(path) {
                    current = (fd, status, 0)
                    current!.offset = try readToEnd(fd, from: 0, splitter: splitter, bytesRead: &bytesRead, deliver)
                    lastBytes = tail(fd, before: current!.offset)
                }
            }
        }
        statistics.linesSkipped += splitter.overlongLines - overlongBefore
        statistics.bytesRead += bytesRead
        bytesRead = 0
        return statistics
    }

    /// Up to 64 bytes ending at `offset` (how a follower recognises that a file was truncated and
    /// written again between two looks); empty when they cannot be read.
    private func tail(_ fd: FileDescriptor, before offset: Int64) -> [UInt8] {
        let start = max(0, offset - 64)
        return (try? fd.readBytes(at: start, count: Int(offset - start))) ?? []
    }

    /// Reads from `offset` to the current end of the file; returns the new offset.
    private func readToEnd(
        _ fd: FileDescriptor, from offset: Int64, splitter: LineSplitter, bytesRead: inout Int64,
        _ deliver: (UnsafeBufferPointer<UInt8>) -> Void
    ) throws(AuditLogError) -> Int64 {
        var offset = offset
        while true {
            let count = try splitter.fill { (buffer) throws(AuditLogError) -> Int in
                do throws(SystemError) {
                    return try fd.read(fromAbsoluteOffset: offset, into: buffer)
                } catch {
                    throw AuditLogError(path: fd.path, error)
                }
            }
            if count == 0 { return offset }
            offset += Int64(count)
            bytesRead += Int64(count)
            splitter.forEachLine(deliver)
        }
    }

    /// The offset from which to read so that no line at or after `since` is missed, found by binary
    /// search over byte offsets (resynchronising at the next newline after each probe).
    func seek(_ fd: FileDescriptor, size: Int64, since: Timestamp, statistics: inout LogReadStatistics) throws(AuditLogError) -> Int64 {
        var low: Int64 = 0
        var high = size
        while high - low > seekGranularity {
            let middle = low + (high - low) / 2
            guard let probe = try probe(fd, at: middle, size: size, statistics: &statistics) else {
                high = middle
                continue
            }
            if probe.time < since {
                low = min(probe.lineStart + 1, high)
            } else {
                high = middle
            }
        }
        return low
    }

    /// The first timed line starting at or after `offset`: its start and time, or nil if none is found nearby.
    private func probe(_ fd: FileDescriptor, at offset: Int64, size: Int64, statistics: inout LogReadStatistics) throws(AuditLogError) -> (lineStart: Int64, time: Timestamp)? {
        var window = 16 << 10
        while true {
            let readFrom = max(offset - 1, 0)
            let bytes: [UInt8]
            do {
                bytes = try fd.readBytes(at: readFrom, count: window)
            } catch {
                throw AuditLogError(path: fd.path, error)
            }
            statistics.bytesRead += Int64(bytes.count)
            var index = 0
            if offset > 0 {
                guard let newline = bytes.firstIndex(of: 0x0A) else {
                    if bytes.count < window || window >= 4 << 20 { return nil }
                    window *= 4
                    continue
                }
                index = newline + 1
            }
            var found: (Int64, Timestamp)?
            var complete = false
            bytes.withUnsafeBufferPointer { buffer in
                while index < buffer.count {
                    guard let end = buffer[index...].firstIndex(of: 0x0A) else { return }
                    let line = UnsafeBufferPointer(rebasing: buffer[index..<end])
                    if let fields = LogLineScanner.scan(line), fields.time != nil,
                       let time = LogLine(bytes: line, fields: fields, sequence: 0).time {
                        found = (readFrom + Int64(index), time)
                        complete = true
                        return
                    }
                    index = end + 1
                }
                complete = buffer.count < window
            }
            if let found { return (found.0, found.1) }
            if complete || window >= 4 << 20 { return nil }
            window *= 4
        }
    }
}
