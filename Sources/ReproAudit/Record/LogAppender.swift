/// Appends whole lines to a JSON Lines file opened with `O_APPEND`: each line is one `write(2)`
/// (continued on a short write), so concurrent readers and `copytruncate` never see half a record.
public final class LogAppender {
    public let path: RawPath
    private var descriptor: FileDescriptor?

    /// Opens (creating, mode 0640) `path` for appending.
    public init(path: RawPath) throws(SystemError) {
        self.path = path
        self.descriptor = try FileDescriptor.open(path, [.writeOnly, .append, .create], permissions: 0o640)
    }

    deinit {
        descriptor?.closeIgnoringErrors()
    }

    /// Appends `line`, which must end with a newline.
    public func append(_ line: [UInt8]) throws(SystemError) {
        guard let descriptor else { throw SystemError(errno: 9, operation: "write (log closed)", path: path) }
        try descriptor.writeAll(line)
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
