/// Random access to a file's bytes, so format parsers stay pure functions of the bytes while reading
/// only the parts they need (a safetensors header, a zip's central directory) of a multi-gigabyte file.
public protocol ByteSource: Sendable {
    /// Total size in bytes.
    var count: Int64 { get }
    /// Up to `count` bytes starting at `offset`; fewer only at the end of the source.
    func read(at offset: Int64, count: Int) throws(SystemError) -> [UInt8]
}

/// Bytes held in memory: for tests, fuzzing and members already extracted from an archive.
public struct InMemoryBytes: ByteSource {
    public let bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public var count: Int64 { Int64(bytes.count) }
    public func read(at offset: Int64, count: Int) throws(SystemError) -> [UInt8] {
        guard offset >= 0, offset < Int64(bytes.count), count > 0 else { return [] }
        let start = Int(offset)
        let end = min(bytes.count, start + count)
        return Array(bytes[start..<end])
    }
}

/// An open regular file read with `pread`, so several readers can share the descriptor.
public struct FileBytes: ByteSource {
    public let descriptor: FileDescriptor
    public let count: Int64

    public init(descriptor: FileDescriptor, count: Int64) {
        self.descriptor = descriptor
        self.count = count
    }

    public func read(at offset: Int64, count: Int) throws(SystemError) -> [UInt8] {
        guard offset >= 0, count > 0 else { return [] }
        return try descriptor.readBytes(at: offset, count: count)
    }
}
