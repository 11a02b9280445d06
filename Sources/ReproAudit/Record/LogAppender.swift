#if canImport(Glibc)
import Glibc
#endif

/// Appends whole lines to a JSON Lines audit log opened with `O_APPEND`: each line is one `write(2)`
/// (continued on a short write), so concurrent readers and `copytruncate` never see half a record.
/// Each batch holds an exclusive `flock` on the file and chains its lines to the file's last line
/// (`prev`, see `LogChain`), so `scan --log` and the daemon can append to one log without breaking it.
public final class LogAppender {
    public let path: RawPath
    private var descriptor: FileDescriptor?

    /// Opens (creating, mode 0640) `path` for appending.
    public init(path: RawPath) throws(SystemError) {
        self.path = path
        self.descriptor = try Self.openForAppending(path)
    }

    /// Read-write (the chain needs the last line), appending.
    static func openForAppending(_ path: RawPath) throws(SystemError) -> FileDescriptor {
        try FileDescriptor.open(path, [.readWrite, .append, .create], permissions: 0o640)
    }

    deinit {
        descriptor?.closeIgnoringErrors()
    }

    /// Appends `line`, which must end with a newline.
    public func append(_ line: [UInt8]) throws(SystemError) {
        try append(contentsOf: [line])
    }

    /// Appends `lines` (each ending with a newline) under one lock, chained, then `fdatasync`s them.
    public func append(contentsOf lines: [[UInt8]]) throws(SystemError) {
        guard var descriptor else { throw SystemError(errno: EBADF, operation: "write (log closed)", path: path) }
        // Locked, the file must still be the log: the daemon may have rotated it since it was opened.
        for attempt in 0..<5 {
            while flock(descriptor.rawValue, LOCK_EX) != 0 {
                guard errno == EINTR else { throw SystemError.current("flock", path: path) }
            }
            if attempt == 4 { break }
            let named = try? FileSystem.status(path)
            if let named, try named.identity == descriptor.status().identity { break }
            _ = flock(descriptor.rawValue, LOCK_UN)
            descriptor.closeIgnoringErrors()
            self.descriptor = nil
            descriptor = try Self.openForAppending(path)
            self.descriptor = descriptor
        }
        defer { _ = flock(descriptor.rawValue, LOCK_UN) }
        var head = try LogChain.lastLine(of: descriptor).map { LogChain.hash($0) }
        for line in lines {
            let chained = LogChain.chained(line, previous: head)
            try descriptor.writeAll(chained)
            head = LogChain.hash(chained.dropLast())
        }
        try descriptor.dataSync()
    }

    /// `fdatasync(2)`: the lines written so far survive a crash.
    public func sync() throws(SystemError) {
        try descriptor?.dataSync()
    }

    public func close() throws(SystemError) {
        defer { descriptor = nil }
        try descriptor?.close()
    }
}
