#if canImport(Glibc)
import Glibc
#endif

/// Path-based system calls (`stat`, `lstat`, `readlink`, `realpath`, `rename`, `mkdir`, `unlink`),
/// each a thin wrapper that reports failure as a `SystemError` with the path.
public enum FileSystem {
    /// `stat(2)`: follows symlinks.
    public static func status(_ path: RawPath) throws(SystemError) -> FileStatus {
        var raw = stat()
        let result = path.withCString { fstatat(AT_FDCWD, $0, &raw, 0) }
        guard result == 0 else { throw SystemError.current("stat", path: path) }
        return FileStatus(raw)
    }

    /// `lstat(2)`: describes a symlink itself.
    public static func linkStatus(_ path: RawPath) throws(SystemError) -> FileStatus {
        var raw = stat()
        let result = path.withCString { fstatat(AT_FDCWD, $0, &raw, AT_SYMLINK_NOFOLLOW) }
        guard result == 0 else { throw SystemError.current("lstat", path: path) }
        return FileStatus(raw)
    }

    /// `readlink(2)`: the target a symlink names, unresolved.
    public static func linkTarget(_ path: RawPath) throws(SystemError) -> RawPath {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = path.withCString { cPath in
            buffer.withUnsafeMutableBufferPointer { out in
                out.baseAddress!.withMemoryRebound(to: CChar.self, capacity: out.count) {
                    Glibc.readlink(cPath, $0, out.count)
                }
            }
        }
        guard count >= 0 else { throw SystemError.current("readlink", path: path) }
        return RawPath(bytes: Array(buffer[..<count]))
    }

    /// `realpath(3)`: the canonical absolute path, all symlinks resolved.
    public static func canonicalPath(_ path: RawPath) throws(SystemError) -> RawPath {
        let resolved: UnsafeMutablePointer<CChar>? = path.withCString { Glibc.realpath($0, nil) }
        guard let resolved else { throw SystemError.current("realpath", path: path) }
        defer { free(resolved) }
        let length = strlen(resolved)
        return resolved.withMemoryRebound(to: UInt8.self, capacity: length) {
            RawPath(bytes: Array(UnsafeBufferPointer(start: $0, count: length)))
        }
    }

    /// True when something (even a dangling symlink) exists at `path`.
    public static func exists(_ path: RawPath) -> Bool {
        (try? linkStatus(path)) != nil
    }

    /// `rename(2)`: atomic replacement within one file system.
    public static func rename(_ from: RawPath, to: RawPath) throws(SystemError) {
        let result = from.withCString { a in to.withCString { b in Glibc.rename(a, b) } }
        guard result == 0 else { throw SystemError.current("rename", path: from) }
    }

    /// `unlink(2)`.
    public static func remove(_ path: RawPath) throws(SystemError) {
        guard path.withCString({ Glibc.unlink($0) }) == 0 else { throw SystemError.current("unlink", path: path) }
    }

    /// `mkdir -p`: creates `path` and missing parents; an existing directory is fine.
    public static func createDirectory(_ path: RawPath, permissions: mode_t = 0o755) throws(SystemError) {
        if let status = try? self.status(path), status.isDirectory { return }
        let parent = path.removingLastComponent
        if parent != path, parent.bytes != [UInt8(ascii: ".")], parent.bytes != [UInt8(ascii: "/")] {
            try createDirectory(parent, permissions: permissions)
        }
        let result = path.withCString { Glibc.mkdir($0, permissions) }
        guard result == 0 || errno == EEXIST else { throw SystemError.current("mkdir", path: path) }
    }

    /// fsyncs a directory, so a rename inside it survives a crash.
    public static func syncDirectory(_ path: RawPath) throws(SystemError) {
        let fd = try FileDescriptor.open(path, [.readOnly, .directory])
        defer { fd.closeIgnoringErrors() }
        try fd.sync()
    }

    /// The current working directory.
    public static func currentDirectory() -> RawPath {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let ok = buffer.withUnsafeMutableBufferPointer { out in
            out.baseAddress!.withMemoryRebound(to: CChar.self, capacity: out.count) { getcwd($0, out.count) != nil }
        }
        guard ok, let end = buffer.firstIndex(of: 0) else { return RawPath("/") }
        return RawPath(bytes: Array(buffer[..<end]))
    }

    /// `path` made absolute against the current directory, lexically normalised (symlinks kept).
    public static func absolute(_ path: RawPath) -> RawPath {
        if path.isAbsolute { return path.lexicallyNormalized }
        return currentDirectory().appending(path).lexicallyNormalized
    }

    /// Writes `bytes` to `path` atomically: a temporary file beside it, fsync, rename, fsync of the folder.
    public static func writeAtomically(_ bytes: [UInt8], to path: RawPath, permissions: mode_t = 0o644, ignoringUmask: Bool = false) throws(SystemError) {
        let writer = try AtomicFileWriter(path: path, permissions: permissions, ignoringUmask: ignoringUmask)
        try writer.write(bytes)
        try writer.commit()
    }

    /// Reads a whole small file, refusing anything that is not a regular file or is larger than `limit`.
    public static func readSmallFile(_ path: RawPath, limit: Int = 16 << 20) throws(SystemError) -> [UInt8] {
        let (fd, status) = try FileDescriptor.openRegularFileForReading(path)
        defer { fd.closeIgnoringErrors() }
        guard status.size <= Int64(limit) else {
            throw SystemError(errno: EFBIG, operation: "read (larger than \(limit) bytes)", path: path)
        }
        return try fd.readBytes(at: 0, count: Int(status.size))
    }
}
