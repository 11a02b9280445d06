#if canImport(Glibc)
import Glibc
#endif
import ReproAudit

/// The control socket: a non-blocking Unix stream listener and its connections, driven by the run
/// loop's `poll`. Each connection sends one JSON request on one line and gets one JSON reply line,
/// then is closed. Oversize, malformed and slow requests get an error reply or are dropped; they
/// never block the loop.
public final class ControlServer {
    /// Longest request line accepted.
    public static let maximumRequest = 64 * 1024
    /// Time allowed to send a whole request.
    public static let requestTimeout: Int64 = 10_000_000_000
    /// Connections open at once. When all are taken, a new one replaces the oldest that has sent no
    /// whole request for `idleGrace` (a slow or silent client); if none has, new ones wait in the
    /// listen backlog until a slot frees up. Idle clients can so never lock out `status` or `rescan`.
    public static let maximumConnections = 64
    /// Connections whose request was read and that wait for its reply (`rescan --wait`). They do not
    /// count against `maximumConnections`, so waiting clients never lock out `status` or `accept`.
    public static let maximumWaiting = 1_000
    /// How long a connection may stay silent before a newcomer may take its slot.
    public static let idleGrace: Int64 = 1_000_000_000

    struct Connection {
        var descriptor: FileDescriptor
        var input: [UInt8] = []
        var output: [UInt8] = []
        var opened: Int64
        /// A request was read; the reply is awaited or being sent.
        var answered = false
        var closeAfterSend = false
        /// Who connected (SO_PEERCRED), read once at accept.
        var peer: PeerCredentials?
    }

    public let path: RawPath
    public let listener: FileDescriptor
    private var connections: [Int: Connection] = [:]
    private var nextID = 1

    public init(path: RawPath) throws(SystemError) {
        self.path = path
        try FileSystem.createDirectory(path.removingLastComponent, permissions: 0o750)
        listener = try UnixSocket.listen(at: path, mode: 0o660)
    }

    /// Descriptors to poll: the listener (id 0) and each connection, reading or writing.
    public func pollItems() -> [(fd: Int32, events: Int16, id: Int)] {
        var items: [(Int32, Int16, Int)] = []
        if hasRoom || evictable(now: MonotonicClock.now()) != nil {
            items.append((listener.rawValue, Int16(POLLIN), 0))
        }
        for (id, connection) in connections {
            if !connection.output.isEmpty {
                items.append((connection.descriptor.rawValue, Int16(POLLOUT), id))
            } else if !connection.answered {
                items.append((connection.descriptor.rawValue, Int16(POLLIN), id))
            } else {
                // Waiting for the daemon: notice the client hanging up.
                items.append((connection.descriptor.rawValue, 0, id))
            }
        }
        return items
    }

    /// Accepts waiting connections.
    public func acceptConnections(now: Int64) {
        while true {
            if !hasRoom {
                // Full: make room by dropping the oldest silent client, or leave the rest queued.
                guard let victim = evictable(now: now) else { return }
                reply(id: victim, Self.error("request not received in time; the control socket is busy"))
                if connections[victim] != nil { drop(victim) }
            }
            guard let fd = UnixSocket.accept(listener) else { return }
            connections[nextID] = Connection(descriptor: fd, opened: now, peer: PeerCredentials.of(fd))
            nextID += 1
        }
    }

    /// Connections still sending their request.
    var reading: Int { connections.values.count { !$0.answered } }

    /// True when a new connection can be taken without evicting one.
    var hasRoom: Bool {
        reading < Self.maximumConnections && connections.count < Self.maximumConnections + Self.maximumWaiting
    }

    /// The oldest connection that has not sent a whole request within `idleGrace`, if any.
    func evictable(now: Int64) -> Int? {
        connections.filter { !$0.value.answered && now - $0.value.opened >= Self.idleGrace }
            .min { $0.value.opened < $1.value.opened }?.key
    }

    /// Handles readiness of connection `id`; returns a complete request when one arrived.
    public func handle(id: Int, revents: Int16) -> JSONValue? {
        guard var connection = connections[id] else { return nil }
        if revents & Int16(POLLOUT) != 0, !connection.output.isEmpty {
            do {
                let sent = try UnixSocket.sendSome(connection.descriptor, connection.output[...])
                connection.output.removeFirst(sent)
            } catch {
                drop(id)
                return nil
            }
            if connection.output.isEmpty && connection.closeAfterSend {
                drop(id)
                return nil
            }
            connections[id] = connection
            return nil
        }
        if revents & Int16(POLLHUP | POLLERR) != 0 && connection.answered {
            drop(id)
            return nil
        }
        guard revents & Int16(POLLIN | POLLHUP | POLLERR) != 0, !connection.answered else { return nil }
        let received: [UInt8]?
        do {
            received = try UnixSocket.receiveSome(connection.descriptor, maximum: 16 * 1024)
        } catch {
            drop(id)
            return nil
        }
        guard let received else {
            drop(id)
            return nil
        }
        connection.input += received
        if let newline = connection.input.firstIndex(of: UInt8(ascii: "\n")) {
            let line = Array(connection.input[..<newline])
            connection.input = []
            connection.answered = true
            connections[id] = connection
            do {
                let request = try JSONParser(maximumDepth: 8).parse(line)
                guard request["op"]?.stringValue != nil else {
                    reply(id: id, Self.error("the request needs an \"op\" (rescan, status or accept)"))
                    return nil
                }
                return request
            } catch {
                reply(id: id, Self.error("malformed request: \(error.message)"))
                return nil
            }
        }
        connections[id] = connection
        if connection.input.count > Self.maximumRequest {
            connection.answered = true
            connections[id] = connection
            reply(id: id, Self.error("request longer than \(Self.maximumRequest) bytes"))
        }
        return nil
    }

    /// Queues `value` as the reply on connection `id` (closed once it is sent).
    public func reply(id: Int, _ value: JSONValue) {
        guard var connection = connections[id] else { return }
        connection.answered = true
        connection.output = JSONWriter.bytes(value) + [UInt8(ascii: "\n")]
        connection.closeAfterSend = true
        connections[id] = connection
        // Most replies fit the socket buffer: try at once.
        _ = handle(id: id, revents: Int16(POLLOUT))
    }

    /// Closes connections that took too long to send their request.
    public func expire(now: Int64) {
        for (id, connection) in connections where !connection.answered && now - connection.opened > Self.requestTimeout {
            reply(id: id, Self.error("request not received within \(Self.requestTimeout / 1_000_000_000) s"))
        }
    }

    /// The earliest time a connection may expire.
    public func nextDeadline() -> Int64? {
        let unanswered = connections.values.filter { !$0.answered }
        // While full, wake up when a silent client may give its slot to one waiting in the backlog.
        let full = !hasRoom
        return unanswered.map { $0.opened + (full ? Self.idleGrace : Self.requestTimeout) }.min()
    }

    /// The kernel's word on who opened connection `id`.
    public func peer(_ id: Int) -> PeerCredentials? { connections[id]?.peer }

    /// True while connection `id` is open.
    public func isOpen(_ id: Int) -> Bool { connections[id] != nil }

    /// The user id of the process at the other end of connection `id` (`SO_PEERCRED`), if known.
    public func peerUserID(id: Int) -> uid_t? {
        guard let connection = connections[id] else { return nil }
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; } (Glibc exports it only with _GNU_SOURCE).
        var credentials = [UInt8](repeating: 0, count: 12)
        var length = socklen_t(credentials.count)
        guard getsockopt(connection.descriptor.rawValue, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0, length == 12 else { return nil }
        return credentials.withUnsafeBytes { $0.load(fromByteOffset: 4, as: uid_t.self) }
    }

    func drop(_ id: Int) {
        connections.removeValue(forKey: id)?.descriptor.closeIgnoringErrors()
    }

    /// Closes everything and removes the socket file.
    public func close() {
        for id in Array(connections.keys) { drop(id) }
        listener.closeIgnoringErrors()
        try? FileSystem.remove(path)
    }

    /// A refusal: `code` (kebab-case) lets clients tell refusals apart (`log-unwritable`, `queue-full`…).
    public static func error(_ message: String, code: String? = nil) -> JSONValue {
        .object([("ok", false), ("error", .string(message))] + (code.map { [("code", JSONValue.string($0))] } ?? []))
    }
}
