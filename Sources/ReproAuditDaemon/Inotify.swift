#if canImport(Glibc)
import Glibc
#endif
import ReproAudit

/// A thin, typed wrapper over an inotify instance (`inotify_init1`, `inotify_add_watch`,
/// `inotify_rm_watch`, reading events). Failures are `SystemError`s with errno and path.
public struct Inotify: Sendable {
    public let descriptor: FileDescriptor

    /// Event bits, as inotify(7) names them.
    public struct Mask: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let modify = Mask(rawValue: 0x0000_0002)
        public static let attrib = Mask(rawValue: 0x0000_0004)
        public static let closeWrite = Mask(rawValue: 0x0000_0008)
        public static let movedFrom = Mask(rawValue: 0x0000_0040)
        public static let movedTo = Mask(rawValue: 0x0000_0080)
        public static let create = Mask(rawValue: 0x0000_0100)
        public static let delete = Mask(rawValue: 0x0000_0200)
        public static let deleteSelf = Mask(rawValue: 0x0000_0400)
        public static let moveSelf = Mask(rawValue: 0x0000_0800)
        public static let unmount = Mask(rawValue: 0x0000_2000)
        public static let queueOverflow = Mask(rawValue: 0x0000_4000)
        public static let ignored = Mask(rawValue: 0x0000_8000)
        public static let onlyDirectory = Mask(rawValue: 0x0100_0000)
        public static let dontFollow = Mask(rawValue: 0x0200_0000)
        public static let isDirectory = Mask(rawValue: 0x4000_0000)
    }

    /// One event: the watch it came from (-1 for a queue overflow), what happened, and the name inside
    /// the watched directory (empty for events on the directory itself).
    public struct Event: Sendable {
        public var watch: Int32
        public var mask: Mask
        public var cookie: UInt32
        public var name: RawPath
    }

    /// `inotify_init1(IN_NONBLOCK | IN_CLOEXEC)`.
    public init() throws(SystemError) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw SystemError.current("inotify_init1") }
        descriptor = FileDescriptor(rawValue: fd, path: "inotify")
    }

    /// `inotify_add_watch`: returns the watch descriptor (the same one again for a directory already watched).
    public func addWatch(_ path: RawPath, mask: Mask) throws(SystemError) -> Int32 {
        let wd = path.withCString { inotify_add_watch(descriptor.rawValue, $0, mask.rawValue) }
        guard wd >= 0 else { throw SystemError.current("inotify_add_watch", path: path) }
        return wd
    }

    /// `inotify_rm_watch`; a watch the kernel already dropped is not an error.
    public func removeWatch(_ watch: Int32) {
        _ = inotify_rm_watch(descriptor.rawValue, watch)
    }

    /// Reads the events available now; empty when there are none (the descriptor is non-blocking).
    public func readEvents(buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> [Event] {
        let count = Glibc.read(descriptor.rawValue, buffer.baseAddress, buffer.count)
        if count < 0 {
            if errno == EAGAIN || errno == EINTR { return [] }
            throw SystemError.current("read", path: descriptor.path)
        }
        var events: [Event] = []
        var offset = 0
        let headerSize = 16
        while offset + headerSize <= count {
            let base = buffer.baseAddress! + offset
            let wd = base.loadUnaligned(as: Int32.self)
            let mask = base.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
            let cookie = base.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
            let length = Int(base.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
            var name: [UInt8] = []
            if length > 0 {
                let bytes = UnsafeRawBufferPointer(start: base + headerSize, count: min(length, count - offset - headerSize))
                name = Array(bytes.prefix { $0 != 0 })
            }
            events.append(Event(watch: wd, mask: Mask(rawValue: mask), cookie: cookie, name: RawPath(bytes: name)))
            offset += headerSize + length
        }
        return events
    }

    public func close() {
        descriptor.closeIgnoringErrors()
    }
}
