#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that readers see either the old content or all of the new: bytes go to a
/// temporary file beside the target in 64 KiB writes, then `commit()` fsyncs it, renames it over the
/// target and fsyncs the folder. Memory stays bounded however large the file is.
public final class AtomicFileWriter {
    public let path: RawPath
    private let temporary: RawPath
    private var descriptor: FileDescriptor?
    private var buffer: [UInt8] = []
    private let flushThreshold = 1 << 16

    /// Creates the temporary file (mode `permissions`, less the umask unless `ignoringUmask`: a file
    /// for other users, such as the metrics node_exporter reads, must not depend on the unit's UMask=).
    public init(path: RawPath, permissions: mode_t = 0o644, ignoringUmask: Bool = false) throws(SystemError) {
        self.path = path
        temporary = path.removingLastComponent.appending(".\(path.name).tmp.\(getpid())")
        descriptor = try FileDescriptor.open(temporary, [.writeOnly, .create, .truncate], permissions: permissions)
        if ignoringUmask, let fd = descriptor, fchmod(fd.rawValue, permissions) != 0 {
            let error = SystemError.current("fchmod", path: temporary)
            abandon()
            throw error
        }
        buffer.reserveCapacity(flushThreshold * 2)
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
