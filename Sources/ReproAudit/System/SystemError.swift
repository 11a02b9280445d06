#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call: which call, on which path, and the `errno` it returned.
///
/// Kept as a value so callers can turn it into a finding (`unreadable`, `symlink-loop`, …) without
/// losing the reason a person needs to fix the problem.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `errno` value reported by the call.
    public var errno: Int32
    /// The system call or operation that failed, e.g. `open`, `read`, `readlink`.
    public var operation: String
    /// The path the call was made on, if any.
    public var path: RawPath?

    public init(errno: Int32, operation: String, path: RawPath? = nil) {
        self.errno = errno
        self.operation = operation
        self.path = path
    }

    /// Captures the thread's current `errno`.
    public static func current(_ operation: String, path: RawPath? = nil) -> SystemError {
        SystemError(errno: Glibc.errno, operation: operation, path: path)
    }

    /// The C library's text for the error number, e.g. "Permission denied".
    public var reason: String {
        String(cString: strerror(errno))
    }

    public var description: String {
        if let path {
            return "\(operation) \(path.displayString): \(reason)"
        }
        return "\(operation): \(reason)"
    }

    public var isNotFound: Bool { errno == ENOENT || errno == ENOTDIR }
    public var isSymlinkLoop: Bool { errno == ELOOP }
    public var isPermissionDenied: Bool { errno == EACCES || errno == EPERM }
}
