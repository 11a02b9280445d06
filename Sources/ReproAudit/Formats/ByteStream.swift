/// A forward-only stream of bytes read in chunks: a range of a file, or an inflated archive member.
///
/// Lets the pickle scanner walk a multi-gigabyte stream while holding one chunk at a time.
public protocol ByteStream {
    /// Appends up to `maximum` next bytes to `buffer` and returns how many; 0 only at the end.
    mutating func read(into buffer: inout [UInt8], maximum: Int) throws(FormatError) -> Int
    /// Moves past up to `count` bytes without returning them; returns how many were skipped
    /// (fewer only at the end).
    mutating func skip(_ count: UInt64) throws(FormatError) -> UInt64
}

/// The bytes `start..<end` of a `ByteSource` as a stream (a raw pickle file, a stored zip member).
public struct SourceRangeStream: ByteStream {
    public let source: any ByteSource
    public private(set) var position: Int64
    public let end: Int64
    let errorCode: String

    public init(source: any ByteSource, start: Int64 = 0, end: Int64? = nil, errorCode: String = "corrupt-pickle") {
        self.source = source
        self.position = max(0, start)
        self.end = min(end ?? source.count, source.count)
        self.errorCode = errorCode
    }

    public mutating func read(into buffer: inout [UInt8], maximum: Int) throws(FormatError) -> Int {
        let want = Int(min(Int64(maximum), max(0, end - position)))
        guard want > 0 else { return 0 }
        let bytes: [UInt8]
        do { bytes = try source.read(at: position, count: want) } catch {
            throw FormatError.io(error, code: errorCode, offset: position)
        }
        buffer.append(contentsOf: bytes)
        position += Int64(bytes.count)
        return bytes.count
    }

    public mutating func skip(_ count: UInt64) throws(FormatError) -> UInt64 {
        let skipped = min(count, UInt64(max(0, end - position)))
        position += Int64(skipped)
        return skipped
    }
}

/// An in-memory byte array as a stream.
public struct ArrayStream: ByteStream {
    public let bytes: [UInt8]
    public private(set) var position = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func read(into buffer: inout [UInt8], maximum: Int) throws(FormatError) -> Int {
        let count = min(maximum, bytes.count - position)
        guard count > 0 else { return 0 }
        buffer.append(contentsOf: bytes[position..<(position + count)])
        position += count
        return count
    }

    public mutating func skip(_ count: UInt64) throws(FormatError) -> UInt64 {
        let skipped = Int(min(count, UInt64(bytes.count - position)))
        position += skipped
        return UInt64(skipped)
    }
}
