#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that readers see either the old content or all of the new: bytes go to a
/// temporary file beside the target in 64 KiB writes, then `commit()` fsyncs it, renames it over the
/// target and fsyncs the folder. Memory stays bounded however large the file is.
///
/// The temporary name is unpredictable (`.NAME.tmp.PID.RANDOM`) and created with
/// `O_CREAT|O_EXCL|O_NOFOLLOW`: a file or symlink planted at that name is never followed nor
/// truncated. `removeLeftovers(of:)` deletes temporary files a crash left behind.
public final class AtomicFileWriter {
    public let path: RawPath
    private var temporary: RawPath = ""
    private var descriptor: FileDescriptor?
    private var buffer: [UInt8] = []
    private let flushThreshold = 1 << 16

    /// Creates the temporary file (mode `permissions`, less the umask unless `ignoringUmask`: a file
    /// for other users, such as the metrics node_exporter reads, must not depend on the unit's UMask=).
    public init(path: RawPath, permissions: mode_t = 0o644, ignoringUmask: Bool = false) throws(SystemError) {
        self.path = path
        var attempt = 0
        while true {
            let candidate = path.removingLastComponent.appending(Self.temporaryPrefix(of: path) + "\(getpid()).\(String(UInt64.random(in: 0...UInt64.max), radix: 36))")
            do {
                descriptor = try FileDescriptor.open(candidate, [.writeOnly, .create, .exclusive, .noFollow], permissions: permissions)
                temporary = candidate
                break
            } catch where error.errno == EEXIST && attempt < 16 {
                attempt += 1
            }
        }
        if ignoringUmask, let fd = descriptor, fchmod(fd.rawValue, permissions) != 0 {
            let error = SystemError.current("fchmod", path: temporary)
            abandon()
            throw error
        }
        buffer.reserveCapacity(flushThreshold * 2)
    }

    /// `.NAME.tmp.`: what every temporary file for `path` is named after.
    static func temporaryPrefix(of path: RawPath) -> String {
        ".\(path.name).tmp."
    }

    /// Removes temporary files of `path` left by a crash (regular files and symlinks, never followed);
    /// returns how many. Only call it while no other writer of `path` runs.
    @discardableResult
    public static func removeLeftovers(of path: RawPath) -> Int {
        let prefix = Array(temporaryPrefix(of: path).utf8)
        guard let entries = try? DirectoryStream.entries(of: path.removingLastComponent) else { return 0 }
        var removed = 0
        for entry in entries where entry.name.bytes.starts(with: prefix) {
            let leftover = path.removingLastComponent.appending(entry.name)
            guard let status = try? FileSystem.linkStatus(leftover), status.kind == .regular || status.kind == .symlink else { continue }
            if (try? FileSystem.remove(leftover)) != nil { removed += 1 }
        }
        return removed
    }

    deinit {
        abandon()
    }

    /// Appends bytes; they reach the temporary file in 64 KiB writes.
    public func write(_ bytes: [UInt8]) throws(SystemError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try flush() }
    }

    public func write(_ text: String) throws(SystemError) {
        try write(Array(text.utf8))
    }

    /// Writes a JSON value compactly.
    public func write(_ value: JSONValue) throws(SystemError) {
        JSONWriter.write(value, into: &buffer)
        if buffer.count >= flushThreshold { try flush() }
    }

    private func flush() throws(SystemError) {
        guard let descriptor else { throw SystemError(errno: 9, operation: "write (already committed)", path: path) }
        try descriptor.writeAll(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Makes the new content the file's: fsync, rename over the target, fsync of the folder.
    public func commit() throws(SystemError) {
        try flush()
        guard let descriptor else { return }
        try descriptor.sync()
        try descriptor.close()
        self.descriptor = nil
        try FileSystem.rename(temporary, to: path)
        try FileSystem.syncDirectory(path.removingLastComponent)
    }

    /// Drops the temporary file; the target is untouched.
    public func abandon() {
        guard let descriptor else { return }
        descriptor.closeIgnoringErrors()
        self.descriptor = nil
        try? FileSystem.remove(temporary)
    }
}
