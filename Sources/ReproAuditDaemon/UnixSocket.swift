#if canImport(Glibc)
import Glibc
#endif
import ReproAudit

/// Thin wrappers over Unix-domain sockets: a listening stream socket, connections, and datagrams
/// (for sd_notify). Errors are `SystemError`s naming the socket path.
public enum UnixSocket {
    /// Fills a `sockaddr_un` for `path` and returns it with its length. A path starting with `@` is an
    /// abstract address: the first byte becomes NUL and the length covers only the name, not the whole struct.
    static func address(_ path: RawPath) throws(SystemError) -> (sockaddr_un, socklen_t) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = path.bytes
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity || (abstract && bytes.count <= capacity) else {
            throw SystemError(errno: ENAMETOOLONG, operation: "socket address", path: path)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let offset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)!
        let length = abstract ? offset + bytes.count : offset + bytes.count + 1
        return (address, socklen_t(length))
    }

    /// A non-blocking listening stream socket at `path` (a stale socket file is replaced, a live one is
    /// EADDRINUSE), with `mode`.
    public static func listen(at path: RawPath, mode: mode_t = 0o660) throws(SystemError) -> FileDescriptor {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw SystemError.current("socket", path: path) }
        let descriptor = FileDescriptor(rawValue: fd, path: path)
        do throws(SystemError) {
            if let status = try? FileSystem.linkStatus(path), status.kind == .socket {
                // A socket someone still listens on belongs to a running daemon: never take it over
                // (two daemons would write one log and one state). Only a stale one is replaced.
                if let live = try? connect(to: path) {
                    live.closeIgnoringErrors()
                    throw SystemError(errno: EADDRINUSE, operation: "bind", path: path)
                }
                try? FileSystem.remove(path)
            }
            var (address, length) = try self.address(path)
            // Created with no permissions for others, then opened up to `mode`: never briefly world-writable.
            let previous = umask(0o177)
            let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
            umask(previous)
            guard bound == 0 else { throw SystemError.current("bind", path: path) }
            guard path.withCString({ chmod($0, mode) }) == 0 else { throw SystemError.current("chmod", path: path) }
            guard Glibc.listen(fd, 64) == 0 else { throw SystemError.current("listen", path: path) }
        } catch {
            descriptor.closeIgnoringErrors()
            throw error
        }
        return descriptor
    }

    /// Accepts one pending connection (non-blocking), or nil when none is waiting.
    public static func accept(_ listener: FileDescriptor) -> FileDescriptor? {
        let fd = Glibc.accept(listener.rawValue, nil, nil)
        guard fd >= 0 else { return nil }
        Descriptor.setNonBlockingCloseOnExec(fd)
        return FileDescriptor(rawValue: fd, path: listener.path)
    }

    /// A blocking connection to the stream socket at `path`.
    public static func connect(to path: RawPath) throws(SystemError) -> FileDescriptor {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError.current("socket", path: path) }
        var (address, length) = try self.address(path)
        let result = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) } }
        guard result == 0 else {
            let error = SystemError.current("connect", path: path)
            Glibc.close(fd)
            throw error
        }
        return FileDescriptor(rawValue: fd, path: path)
    }

    /// Sends one datagram to the socket at `path` (abstract when it starts with `@`).
    public static func sendDatagram(_ bytes: [UInt8], to path: RawPath) throws(SystemError) {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError.current("socket", path: path) }
        defer { Glibc.close(fd) }
        var (address, length) = try self.address(path)
        let sent = bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL), $0, length) }
            }
        }
        guard sent == bytes.count else { throw SystemError.current("sendto", path: path) }
    }

    /// Sends what it can of `bytes` without blocking; returns the count sent (0 when it would block).
    public static func sendSome(_ descriptor: FileDescriptor, _ bytes: ArraySlice<UInt8>) throws(SystemError) -> Int {
        let sent = bytes.withUnsafeBytes { send(descriptor.rawValue, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if sent < 0 {
            if errno == EAGAIN || errno == EINTR { return 0 }
            throw SystemError.current("send", path: descriptor.path)
        }
        return sent
    }

    /// Receives what is available (non-blocking); nil at end of stream, empty when nothing is waiting.
    public static func receiveSome(_ descriptor: FileDescriptor, maximum: Int = 65536) throws(SystemError) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: maximum)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor.rawValue, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            if errno == EAGAIN || errno == EINTR { return [] }
            throw SystemError.current("recv", path: descriptor.path)
        }
        if count == 0 { return nil }
        return Array(buffer[..<count])
    }
}
