#if canImport(Glibc)
import Glibc
#endif
import ReproAudit

/// The one-daemon rule: an exclusive `flock` on `state_dir/daemon.lock`, held (through its open
/// descriptor) for the daemon's whole life and released by the kernel when it exits, even on kill -9.
/// The socket alone cannot guarantee it: two daemons with different sockets would share one state.
enum DaemonLock {
    enum Failure: Error {
        /// Another process holds the lock; the pid it wrote, if readable.
        case held(Int?)
        case system(SystemError)
    }

    static func acquire(in directory: RawPath) -> Result<FileDescriptor, Failure> {
        let path = directory.appending("daemon.lock")
        let fd: FileDescriptor
        do {
            try FileSystem.createDirectory(directory, permissions: 0o750)
            fd = try FileDescriptor.open(path, [.readWrite, .create, .noFollow], permissions: 0o640)
        } catch {
            return .failure(.system(error))
        }
        while flock(fd.rawValue, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let error = SystemError.current("flock", path: path)
            let holder = (try? fd.readBytes(at: 0, count: 32)).flatMap { Int(String(decoding: $0, as: UTF8.self).filter(\.isNumber)) }
            fd.closeIgnoringErrors()
            return .failure(error.errno == EWOULDBLOCK ? .held(holder) : .system(error))
        }
        _ = try? fd.truncate(to: 0)
        _ = Array("\(getpid())\n".utf8).withUnsafeBytes { pwrite(fd.rawValue, $0.baseAddress, $0.count, 0) }
        return .success(fd)
    }
}
