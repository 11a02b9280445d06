#if canImport(Glibc)
import Glibc
#endif
import ReproAudit

/// The daemon's one writer of the audit log.
///
/// Lines wait in a bounded queue; `flush()` takes an exclusive `flock` on the file (so `scan --log`
/// appending to the same log never interleaves), chains each line to the one before (`prev`, see
/// `LogChain`), writes it with one `write(2)` to a file opened with `O_APPEND` (short writes
/// continued), then `fdatasync`s the batch. At start a torn last line is cut back to the last newline.
/// Rotation keeps `keep` files (`audit.jsonl.1` …), logs a `log.rotated` line naming the last hash of
/// a file it deletes, and writes the chain head to `headFile`; `reopen()` (SIGHUP) follows logrotate's
/// `create` mode. A failed write keeps the lines queued and is retried with backoff; the failure shows
/// in `status` and once on stderr (once more when it recovers). Not thread-safe: owned by the run loop.
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
    /// The chain hash of the last line written (or found at the end of the file), nil before any.
    public private(set) var head: String?
    /// Where the chain head is kept across rotations and stops (`state_dir/log-head`), if anywhere.
    public var headFile: RawPath?
    /// The host named in `log.rotated` lines.
    public var host = HostName.current
    /// The size the file had after our last write: another size means someone else appended.
    private var expectedSize: Int64?
    /// True while the log is failing (said once on stderr, and once when it recovers).
    private var failing = false

    public init(path: RawPath, rotateBytes: Int64, keep: Int, queueLimit: Int, headFile: RawPath? = nil) {
        self.path = path
        self.rotateBytes = rotateBytes
        self.keep = keep
        self.queueLimit = queueLimit
        self.headFile = headFile
        if let headFile, let bytes = try? FileSystem.readSmallFile(headFile, limit: 256) {
            let text = String(decoding: bytes.prefix(64), as: UTF8.self)
            if Hex.isHex(text, length: 64) { head = text }
        }
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
            expectedSize = nil
        } catch {
            fail(error)
        }
    }

    /// Takes the chain head from the end of the file when it has lines (else the one read from
    /// `headFile` stays); returns it. Called once the file is open, before the first line is queued.
    @discardableResult
    public func resumeChain() -> String? {
        if let fd = descriptor, let last = try? LogChain.lastLine(of: fd) { head = LogChain.hash(last) }
        return head
    }

    /// Closes and opens the file again by name (logrotate moved it away).
    public func reopen() {
        descriptor?.closeIgnoringErrors()
        descriptor = nil
        open()
    }

    /// Opens for appending (and reading the last line, for the chain),
    /// creating it 0640 whatever the umask (the unit's UMask=0077 keeps other
    /// files private; the log is for the group).
    static func openForAppending(_ path: RawPath) throws(SystemError) -> FileDescriptor {
        let fd = try FileDescriptor.open(path, [.readWrite, .append, .create], permissions: 0o640)
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
        var locked = fd
        do throws(SystemError) {
            try Self.lock(fd)
            var size = try fd.status().size
            if size != expectedSize, let last = try LogChain.lastLine(of: fd) { head = LogChain.hash(last) }
            while queueHead < queue.count {
                let line = LogChain.chained(queue[queueHead], previous: head)
                if rotateBytes > 0, keep > 0, size > 0, size + Int64(line.count) > rotateBytes {
                    try rotate(locked)
                    guard let fresh = descriptor else { return false }
                    locked = fresh
                    try Self.lock(fresh)
                    size = try fresh.status().size
                    continue
                }
                try locked.writeAll(line)
                head = LogChain.hash(line.dropLast())
                size += Int64(line.count)
                queue[queueHead] = []
                queueHead += 1
                linesWritten += 1
            }
            try locked.dataSync()
            expectedSize = size
            Self.unlock(locked)
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
            clearError()
            if let spill = replayedSpill {
                replayedSpill = nil
                try? FileSystem.remove(spill)
            }
            return true
        } catch {
            Self.unlock(locked)
            fail(error)
            // The descriptor may point at a removed file or folder: open by name next time.
            descriptor?.closeIgnoringErrors()
            descriptor = nil
            return false
        }
    }

    static func lock(_ fd: FileDescriptor) throws(SystemError) {
        while flock(fd.rawValue, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            // A file system without locks (or /dev/full) still takes lines: only the chain's
            // protection against a concurrent `scan --log` is lost there.
            if errno == ENOLCK || errno == EINVAL || errno == EOPNOTSUPP { return }
            throw SystemError.current("flock", path: fd.path)
        }
    }

    static func unlock(_ fd: FileDescriptor) {
        _ = flock(fd.rawValue, LOCK_UN)
    }

    /// Moves the full file to `.1` (and so on), deleting the oldest beyond `keep`: its last hash is
    /// first logged in a `log.rotated` line of the file being rotated, so the chain can still be
    /// followed from there; the chain head goes to `headFile`.
    private func rotate(_ fd: FileDescriptor) throws(SystemError) {
        let oldest = RawPath(bytes: path.bytes + Array(".\(keep)".utf8))
        if FileSystem.exists(oldest) {
            let lastHash = try? LogChain.lastHash(ofFile: oldest)
            let event = LogEvent(event: "log.rotated", host: host, fields: PathEncoding.members("deleted", oldest) + [
                ("last_hash", JSONValue(lastHash ?? nil)),
            ])
            let line = LogChain.chained(event.line, previous: head)
            try fd.writeAll(line)
            head = LogChain.hash(line.dropLast())
            linesWritten += 1
        }
        try fd.dataSync()
        Self.unlock(fd)
        descriptor?.closeIgnoringErrors()
        descriptor = nil
        try? FileSystem.remove(oldest)
        try? FileSystem.remove(RawPath(bytes: oldest.bytes + Array(".gz".utf8)))
        if keep > 1 {
            for index in stride(from: keep - 1, through: 1, by: -1) {
                let from = RawPath(bytes: path.bytes + Array(".\(index)".utf8))
                if FileSystem.exists(from) { try FileSystem.rename(from, to: RawPath(bytes: path.bytes + Array(".\(index + 1)".utf8))) }
            }
        }
        try FileSystem.rename(path, to: RawPath(bytes: path.bytes + Array(".1".utf8)))
        saveHead()
        descriptor = try Self.openForAppending(path)
        expectedSize = 0
        try? FileSystem.syncDirectory(path.removingLastComponent)
    }

    /// Writes the chain head to `headFile` (atomically); a failure is only said on stderr, as the
    /// head is also the hash of the log's last line.
    public func saveHead() {
        guard let headFile, let head else { return }
        do {
            try FileSystem.createDirectory(headFile.removingLastComponent, permissions: 0o750)
            try FileSystem.writeAtomically(Array((head + "\n").utf8), to: headFile, permissions: 0o640)
        } catch {
            printError("reproaudit: \(headFile.displayString): \(error.reason)")
        }
    }

    private func fail(_ error: SystemError) {
        let now = MonotonicClock.now()
        failedWrites += 1
        if !failing {
            failing = true
            printError("reproaudit: audit log \(path.displayString): \(error.operation): \(error.reason); \(pending) line(s) waiting, retrying")
        }
        lastError = error
        retryAt = now + backoff
        backoff = min(backoff * 2, 30_000_000_000)
    }

    private func clearError() {
        if failing {
            failing = false
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

    // MARK: Spilling lines that cannot be written

    /// A spill file whose lines were queued at start: removed once they are in the log.
    private var replayedSpill: RawPath?

    /// Writes the lines still waiting to `file` (atomically, fsync'd), for the next start to write
    /// first; returns how many. Lines are kept as queued (unchained): the chain is made when they
    /// reach the log.
    public func spill(to file: RawPath) throws(SystemError) -> Int {
        let lines = queue[queueHead...]
        try FileSystem.createDirectory(file.removingLastComponent, permissions: 0o750)
        let writer = try AtomicFileWriter(path: file, permissions: 0o640)
        for line in lines { try writer.write(line) }
        try writer.commit()
        return lines.count
    }

    /// Queues, ahead of anything else, the lines a previous run spilled to `file`; returns how many.
    /// The file is removed once they are written.
    public func replaySpill(from file: RawPath) throws(SystemError) -> Int {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readSmallFile(file, limit: 1 << 30)
        } catch where error.isNotFound {
            return 0
        }
        let lines = bytes.split(separator: UInt8(ascii: "\n")).map { Array($0) + [UInt8(ascii: "\n")] }
        queue.insert(contentsOf: lines, at: queueHead)
        replayedSpill = file
        return lines.count
    }

    /// Current size of the log file, if it can be read.
    public var size: Int64? { (try? FileSystem.status(path))?.size }
}

/// One line on stderr (the journal, under systemd, with its priority: see `JournalStream`).
func printError(_ text: String, priority: JournalStream.Priority = .error) {
    OutputStream.standardError.writeLine(JournalStream.line(text, priority: priority))
}
