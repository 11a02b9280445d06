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
