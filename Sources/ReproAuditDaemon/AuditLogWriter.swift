#if canImport(Glibc)
import Glibc
#endif
import ReproAudit

/// The daemon's one writer of the audit log.
///
/// Lines wait in a bounded queue; `flush()` writes each with one `write(2)` to a file opened with
/// `O_APPEND` (short writes continued), then `fdatasync`s the batch. At start a torn last line is cut
/// back to the last newline. Rotation keeps `keep` files (`audit.jsonl.1` …); `reopen()` (SIGHUP)
/// follows logrotate's `create` mode. A failed write keeps the lines queued and is retried with
/// backoff; the failure shows in `status` and on stderr. Not thread-safe: owned by the run loop.
public final class AuditLogWriter {
    public let path: RawPath
    public var rotateBytes: Int64
    public var keep: Int
    public var queueLimit: Int
    private var descriptor: FileDescriptor?
    private var queue: [[UInt8]] = []
    private var queueHead = 0
    /// The last write failure, while it lasts.
    public private(set) var lastError: SystemError?
    /// Failed write attempts since start (exported as a metric).
    public private(set) var failedWrites: Int64 = 0
    /// When the next retry is due (monotonic ns), while failing.
    public private(set) var retryAt: Int64?
    private var backoff: Int64 = 100_000_000
    /// Bytes of a torn last line removed at start.
    public private(set) var repairedBytes: Int64 = 0
    public private(set) var linesWritten = 0

    public init(path: RawPath, rotateBytes: Int64, keep: Int, queueLimit: Int) {
        self.path = path
        self.rotateBytes = rotateBytes
        self.keep = keep
        self.queueLimit = queueLimit
    }

    /// Lines waiting to be written.
    public var pending: Int { queue.count - queueHead }
    /// True when the queue is at its limit: the caller must stop producing lines until it drains.
    public var isFull: Bool { pending >= queueLimit }

    /// Creates the folder if needed, repairs a torn tail and opens the file. A failure is kept as
    /// `lastError` and retried by `flush()`.
    public func open() {
        do throws(SystemError) {
            try FileSystem.createDirectory(path.removingLastComponent, permissions: 0o750)
            repairedBytes += try Self.repairTornTail(path)
            descriptor = try Self.openForAppending(path)
            clearError()
        } catch {
            fail(error)
        }
    }

    /// Closes and opens the file again by name (logrotate moved it away).
    public func reopen() {
        descriptor?.closeIgnoringErrors()
        descriptor = nil
        open()
    }

    /// Opens for appending, creating it 0640 whatever the umask (the unit's UMask=0077 keeps other
    /// files private; the log is for the group).
    static func openForAppending(_ path: RawPath) throws(SystemError) -> FileDescriptor {
        let fd = try FileDescriptor.open(path, [.writeOnly, .append, .create], permissions: 0o640)
        if let status = try? fd.status(), status.mode & 0o777 == 0o600 { _ = fchmod(fd.rawValue, 0o640) }
        return fd
    }

    /// Cuts a last line without its newline (a crash mid-write); returns the bytes removed.
    static func repairTornTail(_ path: RawPath) throws(SystemError) -> Int64 {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, [.readWrite])
        } catch where error.isNotFound {
            return 0
        }
        defer { fd.closeIgnoringErrors() }
        let size = try fd.status().size
        guard size > 0 else { return 0 }
        var end = size
        while end > 0 {
            let start = max(0, end - 65536)
            let chunk = try fd.readBytes(at: start, count: Int(end - start))
            if end == size, chunk.last == UInt8(ascii: "\n") { return 0 }
            if let newline = chunk.lastIndex(of: UInt8(ascii: "\n")) {
                let keepSize = start + Int64(newline) + 1
                try fd.truncate(to: keepSize)
                try fd.sync()
                return size - keepSize
            }
            end = start
        }
        try fd.truncate(to: 0)
        try fd.sync()
        return size
    }

    /// Queues one line (ending with a newline).
    public func enqueue(_ line: [UInt8]) {
        queue.append(line)
    }

    /// Removes and returns the lines still waiting (a new writer takes them over when the log moves).
    public func takePending() -> [[UInt8]] {
        let lines = Array(queue[queueHead...])
        queue.removeAll()
        queueHead = 0
        return lines
    }

    /// Writes what is queued, unless a retry is not yet due; `force` ignores the backoff (shutdown).
    /// Returns true when the queue is empty afterwards.
    @discardableResult
    public func flush(now: Int64 = MonotonicClock.now(), force: Bool = false) -> Bool {
        if pending == 0 { return true }
        if !force, let retryAt, now < retryAt { return false }
        if descriptor == nil { open() }
        guard let fd = descriptor else { return false }
        do throws(SystemError) {
            var size = try fd.status().size
            while queueHead < queue.count {
                let line = queue[queueHead]
                if rotateBytes > 0, size > 0, size + Int64(line.count) > rotateBytes {
                    try fd.dataSync()
                    try rotate()
                    guard let fresh = descriptor else { return false }
                    size = try fresh.status().size
                }
                try descriptor!.writeAll(line)
                size += Int64(line.count)
                queue[queueHead] = []
                queueHead += 1
                linesWritten += 1
            }
            try descriptor!.dataSync()
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
            clearError()
            return true
        } catch {
            fail(error)
            // The descriptor may point at a removed file or folder: open by name next time.
            descriptor?.closeIgnoringErrors()
            descriptor = nil
            return false
        }
    }

    private func rotate() throws(SystemError) {
        descriptor?.closeIgnoringErrors()
        descriptor = nil
        if keep <= 0 {
            try? FileSystem.remove(path)
        } else {
            try? FileSystem.remove(RawPath(path.displayString + ".\(keep)"))
            if keep > 1 {
                for index in stride(from: keep - 1, through: 1, by: -1) {
                    let from = RawPath(bytes: path.bytes + Array(".\(index)".utf8))
                    if FileSystem.exists(from) { try FileSystem.rename(from, to: RawPath(bytes: path.bytes + Array(".\(index + 1)".utf8))) }
                }
            }
            try FileSystem.rename(path, to: RawPath(bytes: path.bytes + Array(".1".utf8)))
        }
        descriptor = try Self.openForAppending(path)
        try? FileSystem.syncDirectory(path.removingLastComponent)
    }

    private func fail(_ error: SystemError) {
        let now = MonotonicClock.now()
        failedWrites += 1
        if lastError != error {
            printError("reproaudit: audit log \(path.displayString): \(error.operation): \(error.reason); \(pending) line(s) waiting, retrying")
        }
        lastError = error
        retryAt = now + backoff
        backoff = min(backoff * 2, 30_000_000_000)
    }

    private func clearError() {
        if lastError != nil {
            printError("reproaudit: audit log \(path.displayString): writable again", priority: .notice)
        }
        lastError = nil
        retryAt = nil
        backoff = 100_000_000
    }

    public func close() {
        descriptor?.closeIgnoringErrors()
        descriptor = nil
    }

    /// Current size of the log file, if it can be read.
    public var size: Int64? { (try? FileSystem.status(path))?.size }
}

/// One line on stderr (the journal, under systemd, with its priority: see `JournalStream`).
func printError(_ text: String, priority: JournalStream.Priority = .error) {
    OutputStream.standardError.writeLine(JournalStream.line(text, priority: priority))
}
