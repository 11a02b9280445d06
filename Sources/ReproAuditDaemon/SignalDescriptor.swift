#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import ReproAudit

/// Signals turned into readable data for the run loop: each signal is ignored at the process level
/// and caught by a Dispatch signal source, which writes its number into a pipe the loop polls. The
/// loop then handles signals in order with everything else, never inside an async-signal handler.
public final class SignalDescriptor: @unchecked Sendable {
    /// The read end, for `poll`.
    public let descriptor: FileDescriptor
    private let writeEnd: Int32
    private var sources: [DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "reproaudit.signals")

    public init(_ signals: [Int32]) throws(SystemError) {
        let (read, write) = try Pipe.make()
        descriptor = read
        writeEnd = write.rawValue
        for number in signals {
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            let fd = writeEnd
            source.setEventHandler {
                var byte = UInt8(truncatingIfNeeded: number)
                _ = Glibc.write(fd, &byte, 1)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The signals received since the last call, in arrival order (empty when none).
    public func read() -> [Int32] {
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor.rawValue, $0.baseAddress, $0.count) }
        guard count > 0 else { return [] }
        return buffer[..<count].map { Int32($0) }
    }

    public func close() {
        for source in sources { source.cancel() }
        descriptor.closeIgnoringErrors()
        Glibc.close(writeEnd)
    }
}

/// A pipe one thread writes a byte into to wake another's `poll`.
public struct WakeupDescriptor: Sendable {
    public let descriptor: FileDescriptor
    private let writeEnd: Int32

    public init() throws(SystemError) {
        let (read, write) = try Pipe.make()
        descriptor = read
        writeEnd = write.rawValue
    }

    public func signal() {
        var byte: UInt8 = 1
        _ = Glibc.write(writeEnd, &byte, 1)
    }

    /// Empties the pipe after a wake-up.
    public func drain() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while buffer.withUnsafeMutableBytes({ Glibc.read(descriptor.rawValue, $0.baseAddress, $0.count) }) > 0 {}
    }
}

/// `pipe(2)` with both ends non-blocking and close-on-exec.
enum Pipe {
    static func make() throws(SystemError) -> (read: FileDescriptor, write: FileDescriptor) {
        var fds: [Int32] = [0, 0]
        guard Glibc.pipe(&fds) == 0 else { throw SystemError.current("pipe") }
        for fd in fds { Descriptor.setNonBlockingCloseOnExec(fd) }
        return (FileDescriptor(rawValue: fds[0], path: "pipe"), FileDescriptor(rawValue: fds[1], path: "pipe"))
    }
}

/// `fcntl` helpers.
enum Descriptor {
    static func setNonBlockingCloseOnExec(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }
}
