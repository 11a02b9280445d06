/// A forward reader over a `ByteSource` that reads it in chunks, so parsers of long headers (a GGUF
/// tokenizer array, a protobuf graph) make few system calls and never hold more than one chunk.
///
/// Every read is checked against the source's size before anything is allocated; `skip` moves past
/// bytes without reading them. Errors carry `errorCode` and the absolute offset.
public struct ByteCursor {
    public let source: any ByteSource
    /// The finding code errors are reported with (`corrupt-gguf`, …).
    public let errorCode: String
    /// Absolute offset of the next byte.
    public private(set) var offset: Int64
    /// End of the readable range (exclusive).
    public let end: Int64
    private var chunk: [UInt8] = []
    private var chunkStart: Int64 = 0
    private let chunkSize: Int

    public init(source: any ByteSource, errorCode: String, start: Int64 = 0, end: Int64? = nil, chunkSize: Int = 1 << 20) {
        self.source = source
        self.errorCode = errorCode
        self.offset = start
        self.end = min(end ?? source.count, source.count)
        self.chunkSize = chunkSize
    }

    /// Bytes left before `end`.
    public var remaining: Int64 { max(0, end - offset) }

    /// Moves to `position` (which must lie within the range).
    public mutating func seek(to position: Int64) throws(FormatError) {
        guard position >= 0, position <= end else {
            throw FormatError(code: errorCode, "offset \(position) lies outside the file (size \(end))", offset: position)
        }
        offset = position
    }

    public mutating func skip(_ count: UInt64, what: @autoclosure () -> String = "data") throws(FormatError) {
        guard count <= UInt64(remaining) else {
            throw FormatError(code: errorCode, "\(what()) of \(count) bytes runs past the end of the file", offset: offset)
        }
        offset += Int64(count)
    }

    /// Makes at least `count` bytes from `offset` available in the chunk.
    private mutating func fill(_ count: Int, what: () -> String) throws(FormatError) {
        let inChunk = offset - chunkStart
        if inChunk >= 0, inChunk + Int64(count) <= Int64(chunk.count) { return }
        guard Int64(count) <= remaining else {
            throw FormatError(code: errorCode, "\(what()) runs past the end of the file (truncated?)", offset: offset)
        }
        let want = Int(min(Int64(max(count, chunkSize)), remaining))
        do {
            chunk = try source.read(at: offset, count: want)
        } catch {
            throw FormatError.io(error, code: errorCode, offset: offset)
        }
        chunkStart = offset
        guard chunk.count >= count else {
            throw FormatError(code: errorCode, "\(what()) runs past the end of the file (short read)", offset: offset)
        }
    }

    /// Calls `body` with the next `count` bytes and moves past them.
    public mutating func withBytes<T>(_ count: Int, what: @autoclosure () -> String = "data", _ body: (UnsafeBufferPointer<UInt8>) -> T) throws(FormatError) -> T {
        try fill(count, what: what)
        let start = Int(offset - chunkStart)
        offset += Int64(count)
        return chunk.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<(start + count)])) }
    }

    public mutating func readBytes(_ count: Int, what: @autoclosure () -> String = "data") throws(FormatError) -> [UInt8] {
        try withBytes(count, what: what()) { Array($0) }
    }

    public mutating func readUInt8(what: @autoclosure () -> String = "byte") throws(FormatError) -> UInt8 {
        try withBytes(1, what: what()) { $0[0] }
    }

    public mutating func readUInt16(what: @autoclosure () -> String = "16-bit value") throws(FormatError) -> UInt16 {
        UInt16(truncatingIfNeeded: try readLittleEndian(2, what: what()))
    }

    public mutating func readUInt32(what: @autoclosure () -> String = "32-bit value") throws(FormatError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readLittleEndian(4, what: what()))
    }

    public mutating func readUInt64(what: @autoclosure () -> String = "64-bit value") throws(FormatError) -> UInt64 {
        try readLittleEndian(8, what: what())
    }

    private mutating func readLittleEndian(_ width: Int, what: @autoclosure () -> String) throws(FormatError) -> UInt64 {
        try withBytes(width, what: what()) { bytes in
            var value: UInt64 = 0
            for index in 0..<width { value |= UInt64(bytes[index]) << (8 * UInt64(index)) }
            return value
        }
    }
}
