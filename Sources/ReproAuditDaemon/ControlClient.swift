#if canImport(Glibc)
import Glibc
#endif
import ReproAudit

/// The other end of the control socket, for `rescan`, `accept` and `status`: one request line out,
/// one reply line back.
public struct ControlClient: Sendable {
    public let socket: RawPath

    public init(socket: RawPath) {
        self.socket = socket
    }

    /// The socket named by a configuration file (`--config`), or the default configuration's.
    public static func socket(configuration path: RawPath?) throws(ConfigurationError) -> RawPath {
        try Configuration.load(path ?? Configuration.defaultPath).controlSocket
    }

    /// Why the daemon could not be asked.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Sends `request` and returns the reply; `timeoutSeconds` nil waits as long as it takes.
    public func send(_ request: JSONValue, timeoutSeconds: Double?) throws(Failure) -> JSONValue {
        let fd: FileDescriptor
        do {
            fd = try UnixSocket.connect(to: socket)
        } catch {
            let hint = error.isNotFound || error.errno == ECONNREFUSED ? " (is the daemon running? 'systemctl status reproaudit')" : ""
            throw Failure(description: "cannot reach the daemon at \(socket.displayString): \(error.reason)\(hint)")
        }
        defer { fd.closeIgnoringErrors() }
        // send(MSG_NOSIGNAL), not write(2): a daemon that closed the connection must give a message
        // and exit 3, not kill the command with SIGPIPE.
        var request = JSONWriter.bytes(request) + [UInt8(ascii: "\n")]
        while !request.isEmpty {
            do {
                request.removeFirst(try UnixSocket.sendSome(fd, request[...]))
            } catch {
                throw Failure(description: "sending to \(socket.displayString): \(error.reason)")
            }
        }
        let deadline = timeoutSeconds.map { MonotonicClock.now() + Int64($0 * 1e9) }
        var input: [UInt8] = []
        while input.firstIndex(of: UInt8(ascii: "\n")) == nil {
            var item = pollfd(fd: fd.rawValue, events: Int16(POLLIN), revents: 0)
            let wait = deadline.map { max(0, Int32(($0 - MonotonicClock.now()) / 1_000_000)) } ?? -1
            let ready = poll(&item, 1, wait)
            if ready == 0 { throw Failure(description: "no reply from the daemon within \(Int(timeoutSeconds ?? 0)) s") }
            if ready < 0 { if errno == EINTR { continue }; throw Failure(description: "poll: \(String(cString: strerror(errno)))") }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = buffer.withUnsafeMutableBytes { recv(fd.rawValue, $0.baseAddress, $0.count, 0) }
            if count < 0 { if errno == EINTR { continue }; throw Failure(description: "receiving: \(String(cString: strerror(errno)))") }
            if count == 0 { throw Failure(description: "the daemon closed the connection without a reply") }
            input += buffer[..<count]
        }
        let line = input[..<input.firstIndex(of: UInt8(ascii: "\n"))!]
        do {
            return try JSONParser().parse(line)
        } catch {
            throw Failure(description: "unreadable reply from the daemon: \(error)")
        }
    }
}
