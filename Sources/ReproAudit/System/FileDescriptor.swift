#if canImport(Glibc)
import Glibc
#endif

/// An open file descriptor: a thin, typed wrapper over `open`, `read`, `pread`, `fstat` and `close`.
///
/// Every failure is a `SystemError` keeping `errno` and the path. The descriptor does not close
/// itself; call `close()` (or use `withOpened`) so ownership stays visible at the call site.
public struct FileDescriptor: Sendable, Hashable {
    /// The raw descriptor number.
    public let rawValue: Int32
    /// The path it was opened from, for error messages.
    public let path: RawPath

    public init(rawValue: Int32, path: RawPath) {
        self.rawValue = rawValue
        self.path = path
    }

    /// How to open a file.
    public struct Options: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let readOnly = Options([])
        public static let writeOnly = Options(rawValue: O_WRONLY)
        public static let readWrite = Options(rawValue: O_RDWR)
        public static let create = Options(rawValue: O_CREAT)
        public static let append = Options(rawValue: O_APPEND)
        public static let truncate = Options(rawValue: O_TRUNC)
        public static let exclusive = Options(rawValue: O_EXCL)
        /// Fail with ELOOP instead of following a final symlink.
        public static let noFollow = Options(rawValue: O_NOFOLLOW)
        /// Never block in `open` (a FIFO with no writer would otherwise hang forever).
        public static let nonBlocking = Options(rawValue: O_NONBLOCK)
        public static let directory = Options(rawValue: O_DIRECTORY)
        public static let closeOnExec = Options(rawValue: O_CLOEXEC)
        /// Do not update the access time (ignored when not permitted).
        public static let noAccessTime = Options(rawValue: 0o1000000)  // O_NOATIME on Linux
    }

    /// Opens `path`; `O_CLOEXEC` is always added.
    public static func open(_ path: RawPath, _ options: Options = .readOnly, permissions: mode_t = 0o644) throws(SystemError) -> FileDescriptor {
        let flags = options.union(.closeOnExec).rawValue
        var fd: Int32 = -1
        repeat {
            fd = path.withCString { Glibc.open($0, flags, permissions) }
        } while fd < 0 && errno == EINTR
        if fd < 0 && errno == EPERM && options.contains(.noAccessTime) {
            // O_NOATIME is only allowed for the file's owner: retry without it.
            return try open(path, options.subtracting(.noAccessTime), permissions: permissions)
        }
        guard fd >= 0 else { throw SystemError.current("open", path: path) }
        return FileDescriptor(rawValue: fd, path: path)
    }

    /// Opens a regular file for reading without ever opening anything else: the path is first opened
    /// with `O_PATH` (which performs no I/O and triggers no driver, even on a FIFO or device node),
    /// checked with `fstat`, and only a regular file is then reopened for reading through
    /// `/proc/self/fd/N`, which names that very inode (no race with a file swapped in meanwhile).
    /// Where `/proc` is not mounted it falls back to a non-blocking `open` followed by `fstat`.
    public static func openRegularFileForReading(_ path: RawPath) throws(SystemError) -> (FileDescriptor, FileStatus) {
        let handle = try open(path, Options(rawValue: 0o10000000))  // O_PATH
        defer { handle.closeIgnoringErrors() }
        let status = try handle.status()
        guard status.isRegular else {
            throw SystemError(errno: EINVAL, operation: "open (not a regular file)", path: path)
        }
        let fd: FileDescriptor
        do throws(SystemError) {
            fd = try open(RawPath("/proc/self/fd/\(handle.rawValue)"), [.readOnly, .nonBlocking, .noAccessTime])
        } catch where error.errno == ENOENT {
            fd = try open(path, [.readOnly, .nonBlocking, .noAccessTime])
        } catch {
            throw SystemError(errno: error.errno, operation: error.operation, path: path)
        }
        let opened = FileDescriptor(rawValue: fd.rawValue, path: path)
        do throws(SystemError) {
            let now = try opened.status()
            guard now.isRegular, now.identity == status.identity else {
                opened.closeIgnoringErrors()
                throw SystemError(errno: EINVAL, operation: "open (not a regular file)", path: path)
            }
            return (opened, now)
        } catch {
            opened.closeIgnoringErrors()
            throw error
        }
    }

    /// Reads up to `buffer.count` bytes at the current offset; 0 means end of file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
        while true {
            let count = Glibc.read(rawValue, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw SystemError.current("read", path: path)
        }
    }

    /// Reads up to `buffer.count` bytes at `offset` without moving the file offset.
    public func read(fromAbsoluteOffset offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
        while true {
            let count = Glibc.pread(rawValue, buffer.baseAddress, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw SystemError.current("pread", path: path)
        }
    }

    /// Reads exactly `count` bytes at `offset`, or fewer only at end of file.
    public func readBytes(at offset: Int64, count: Int) throws(SystemError) -> [UInt8] {
        guard count > 0 else { return [] }
        var result = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = try result.withUnsafeMutableBytes { raw in
                Result { () throws(SystemError) -> Int in
                    try read(fromAbsoluteOffset: offset + Int64(filled), into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
                }
            }.get()
            if got == 0 { break }
            filled += got
        }
        if filled < count { result.removeLast(count - filled) }
        return result
    }

    /// Writes all of `bytes` with as many `write(2)` calls as needed (a short write is continued).
    public func writeAll(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(rawValue, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemError.current("write", path: path)
            }
            offset += written
        }
    }

    public func writeAll(_ bytes: [UInt8]) throws(SystemError) {
        try bytes.withUnsafeBytes { raw in Result { () throws(SystemError) in try writeAll(raw) } }.get()
    }

    /// `fstat(2)`.
    public func status() throws(SystemError) -> FileStatus {
        var raw = stat()
        guard fstat(rawValue, &raw) == 0 else { throw SystemError.current("fstat", path: path) }
        return FileStatus(raw)
    }

    /// `fsync(2)`: data and metadata reach the disk.
    public func sync() throws(SystemError) {
        guard fsync(rawValue) == 0 else { throw SystemError.current("fsync", path: path) }
    }

    /// `fdatasync(2)`: data reaches the disk.
    public func dataSync() throws(SystemError) {
        guard fdatasync(rawValue) == 0 else { throw SystemError.current("fdatasync", path: path) }
    }

    /// `ftruncate(2)`.
    public func truncate(to size: Int64) throws(SystemError) {
        guard ftruncate(rawValue, off_t(size)) == 0 else { throw SystemError.current("ftruncate", path: path) }
    }

    /// Advises the kernel the file will be read sequentially (doubles readahead).
    public func adviseSequential() {
        _ = posix_fadvise(rawValue, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
    }

    /// `close(2)`.
    public func close() throws(SystemError) {
        guard Glibc.close(rawValue) == 0 else { throw SystemError.current("close", path: path) }
    }

    public func closeIgnoringErrors() {
        _ = Glibc.close(rawValue)
    }
}
