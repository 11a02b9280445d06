#if canImport(Glibc)
import Glibc
#endif

/// Standard output and standard error as buffered byte writers, without C `FILE*` globals.
///
/// Output is written with `write(2)`; a closed pipe (`reproaudit log | head`) ends the writes quietly.
public final class OutputStream: @unchecked Sendable {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int
    private let lock = Lock()
    /// True once a write failed (e.g. EPIPE); later writes are dropped.
    public private(set) var isBroken = false

    public static let standardOutput = OutputStream(descriptor: 1, capacity: 1 << 16)
    public static let standardError = OutputStream(descriptor: 2, capacity: 0)

    init(descriptor: Int32, capacity: Int) {
        self.descriptor = descriptor
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    /// True when the stream is a terminal (colour and tables are for people).
    public var isTerminal: Bool { isatty(descriptor) == 1 }

    public func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    public func writeLine(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.append(UInt8(ascii: "\n"))
        write(bytes: bytes)
    }

    public func write(bytes: [UInt8]) {
        lock.withLock {
            buffer.append(contentsOf: bytes)
            if buffer.count >= capacity { flushLocked() }
        }
    }

    public func flush() {
        lock.withLock { flushLocked() }
    }

    private func flushLocked() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard !isBroken, !buffer.isEmpty else { return }
        do {
            try FileDescriptor(rawValue: descriptor, path: RawPath("/dev/fd/\(descriptor)")).writeAll(buffer)
        } catch {
            isBroken = true
        }
    }
}
